/**
 * Scenario YAML → validated Scenario. Errors name the file, the field and the allowed values,
 * and surface as UsageError (exit 2).
 */
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { parseYamlText } from './user-file.js';
import { loadKnobGroup } from './knob-groups.js';
import type { ParamSpec, Scale, Scenario } from './types.js';
import { TOPICS } from './types.js';

const paramValue = z.union([z.number(), z.string(), z.boolean()]);

export const paramSpec = z
  .object({
    type: z.enum(['int', 'number', 'enum', 'boolean']),
    default: paramValue,
    scaleDefaults: z.object({ tiny: paramValue, small: paramValue, full: paramValue }).partial().strict().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    choices: z.array(z.union([z.string(), z.number()])).min(1).optional(),
    step: z.number().positive().optional(),
    unit: z.string().optional(),
    description: z.string().min(1),
  })
  .strict();

const chart = z
  .object({
    type: z.enum(['line', 'bars']),
    title: z.string().optional(),
    from: z.string().min(1),
    x: z.string().optional(),
    y: z.array(z.string()).min(1),
    budget: z.number().optional(),
    overlay: z.boolean().optional(),
    xScale: z.enum(['auto', 'linear', 'log']).optional(),
    yScale: z.enum(['auto', 'linear', 'log']).optional(),
  })
  .strict();

/** a chart label for one metric (scenarios/metrics.yaml declares them; a scenario overrides with `labels:`) */
export const metricLabelSpec = z.object({ label: z.string().min(1), unit: z.string().min(1).optional() }).strict();

const scenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, dashes)'),
    title: z.string().min(1),
    topic: z.enum(TOPICS as unknown as [string, ...string[]]),
    section: z.string().min(1),
    question: z.string().min(1),
    lesson: z.string().min(1),
    experiment: z.string().min(1),
    params: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'param names are identifiers'), paramSpec).default({}),
    /** shared knob declarations from scenarios/knobs/<name>.yaml */
    include: z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'knob group names are kebab-case')).default([]),
    /** new defaults for included knobs: a value, or per scale { tiny, small, full } */
    defaults: z.record(z.string(), z.union([paramValue, z.object({ tiny: paramValue, small: paramValue, full: paramValue }).partial().strict()])).default({}),
    sweep: z.object({ param: z.string(), values: z.array(paramValue).min(1) }).strict().optional(),
    headline: z.array(z.string()).default([]),
    /** knob values under which the findings' numbers move (the test that every finding can fail runs it) */
    contrast: z.record(z.string(), paramValue).optional(),
    show: z.object({ charts: z.array(chart).default([]) }).strict().default({ charts: [] }),
    /** chart labels for this scenario's own meaning of a metric (over scenarios/metrics.yaml) */
    labels: z.record(z.string(), metricLabelSpec).optional(),
    claims: z.array(z.object({ text: z.string().min(1), expr: z.string().min(1), kind: z.enum(['finding', 'check']).default('finding') }).strict()).default([]),
    predictions: z
      .array(z.object({ metric: z.string(), question: z.string().min(1), explanation: z.string().min(1) }).strict())
      .default([]),
  })
  .strict();

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.join('.') : '(top level)';
  let msg = issue.message;
  if (issue.code === 'invalid_value' && 'values' in issue) {
    msg = `must be one of ${(issue.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (issue.code === 'unrecognized_keys' && 'keys' in issue) {
    msg = `unknown field(s) ${(issue.keys as string[]).join(', ')}`;
  }
  return `${field}: ${msg}`;
}

function checkParamSpec(file: string, name: string, spec: ParamSpec): void {
  const where = `${file}: params.${name}`;
  const { type } = spec;
  const check = (value: unknown, label: string): void => {
    if (type === 'enum') {
      if (!spec.choices) throw new UsageError(`${where}: enum params need choices`);
      if (!spec.choices.includes(value as string | number)) {
        throw new UsageError(`${where}.${label}: ${JSON.stringify(value)} is not one of ${spec.choices.join(', ')}`);
      }
    } else if (type === 'boolean') {
      if (typeof value !== 'boolean') throw new UsageError(`${where}.${label}: must be true or false`);
    } else {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new UsageError(`${where}.${label}: must be a number`);
      if (type === 'int' && !Number.isInteger(value)) throw new UsageError(`${where}.${label}: must be an integer`);
      if (spec.min !== undefined && value < spec.min) throw new UsageError(`${where}.${label}: ${value} is below min ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) throw new UsageError(`${where}.${label}: ${value} is above max ${spec.max}`);
    }
  };
  check(spec.default, 'default');
  for (const [scale, v] of Object.entries(spec.scaleDefaults ?? {})) check(v, `scaleDefaults.${scale}`);
}

type Defaults = Record<string, string | number | boolean | Partial<Record<Scale, string | number | boolean>>>;

/** The scenario's own knobs, then those of its included groups, with `defaults:` applied to the included ones. */
function withIncludes(file: string, own: ParamSpec[], include: string[], defaults: Defaults): ParamSpec[] {
  const from = new Map<string, string>();
  const included: ParamSpec[] = [];
  for (const group of include) {
    const where = `scenarios/knobs/${group}.yaml`;
    for (const [name, raw] of Object.entries(loadKnobGroup(group, file).specs)) {
      const parsed = paramSpec.safeParse(raw);
      if (!parsed.success) throw new UsageError(`${where}: ${name}: ${parsed.error.issues.slice(0, 3).map(describeIssue).join('; ')}`);
      const spec = { name, ...parsed.data } as ParamSpec;
      if (own.some((p) => p.name === spec.name)) {
        throw new UsageError(`${file}: params.${spec.name} is already declared in ${where} (included); change its default with defaults: { ${spec.name}: … } instead`);
      }
      if (from.has(spec.name)) throw new UsageError(`${file}: knob ${spec.name} is declared in both ${from.get(spec.name)} and ${where}`);
      from.set(spec.name, where);
      included.push(spec);
    }
  }
  for (const [name, value] of Object.entries(defaults)) {
    const spec = included.find((p) => p.name === name);
    if (!spec) {
      const known = included.map((p) => p.name).join(', ') || '(no included knobs)';
      throw new UsageError(`${file}: defaults.${name}: not an included knob (its own params set their default directly); included: ${known}`);
    }
    if (typeof value === 'object') spec.scaleDefaults = { ...spec.scaleDefaults, ...value };
    else {
      spec.default = value;
      spec.scaleDefaults = undefined;
    }
  }
  return [...own, ...included];
}

/** Parse and validate scenario YAML text; `file` is used in error messages. */
export function parseScenario(text: string, file: string): Scenario {
  const raw = parseYamlText(text, file);
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map(describeIssue);
    throw new UsageError(`${file}: invalid scenario\n  ${lines.join('\n  ')}`);
  }
  const { include, defaults, ...s } = parsed.data;
  const params = withIncludes(file, Object.entries(s.params).map(([name, spec]) => ({ name, ...spec }) as ParamSpec), include, defaults);
  for (const p of params) checkParamSpec(file, p.name, p);
  if (s.sweep) {
    const target = params.find((p) => p.name === s.sweep!.param);
    if (!target) {
      throw new UsageError(`${file}: sweep.param "${s.sweep.param}" is not a declared param; declared: ${params.map((p) => p.name).join(', ')}`);
    }
    s.sweep.values.forEach((v, i) => checkParamSpec(file, target.name, { ...target, default: v, scaleDefaults: undefined }) ?? i);
  }
  for (const [name, v] of Object.entries(s.contrast ?? {})) {
    const target = params.find((p) => p.name === name);
    if (!target) throw new UsageError(`${file}: contrast.${name} is not a declared param; declared: ${params.map((p) => p.name).join(', ')}`);
    checkParamSpec(file, name, { ...target, default: v, scaleDefaults: undefined });
  }
  return { ...s, topic: s.topic as Scenario['topic'], params, file };
}
