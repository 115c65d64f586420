/**
 * Design files (`scenarios/designs/*.yaml`): a whole recommender stated as data — requirements, then the choices of
 * every stage. A design becomes a scenario of the `design-review` experiment whose knobs are the design group's
 * (scenarios/knobs/design.yaml, with the two-tower trainer's) and whose defaults are the design's choices, so the
 * runner, the claims judge, the TUI's knob screen and its run worker all serve designs as they serve scenarios.
 * Errors name the file, the field and the allowed values.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { SCALES, type Scale } from '../data/world-types.js';
import { knobsDir, loadKnobGroup } from './knob-groups.js';
import { allowedValues, checkParamValue } from './params.js';
import { paramSpec, parseScenario } from './schema.js';
import { parseYamlText, readUserFile } from './user-file.js';
import type { ClaimSpec, ParamSpec, ParamValue, Scenario } from './types.js';

// beside scenarios/knobs (not from catalog.ts, which loads this module to resolve design-<id>)
export const designsDir = join(dirname(knobsDir), 'designs');
export const DESIGN_SCHEMA = 'recsys-lab/design@1';
/** The knob groups a design's scenario includes. */
export const DESIGN_KNOB_GROUPS = ['design', 'two-tower-training'] as const;

/** Where each knob sits in a design file: its stage section. Every knob of the design's groups is in exactly one. */
export const DESIGN_STAGES = {
  requirements: ['qps', 'budgetMs', 'freshness'],
  retrieval: ['embeddings', 'embeddingNoise', 'popularCandidates', 'dim', 'hidden', 'negatives', 'numNegatives', 'logQ', 'temperature', 'batchSize', 'epochs', 'maxExamples', 'learningRate', 'engine', 'frequency', 'frequencyAlpha', 'cache'],
  index: ['ann', 'M', 'efConstruction', 'ef', 'shards'],
  ranking: ['candidates', 'ranker', 'trees', 'leaves', 'nnHidden', 'nnEpochs', 'hybridHead', 'fullRankerFraction'],
  reranker: ['reranker', 'lambda', 'theta', 'rerankPool'],
  rules: ['maxPerCategory', 'freshnessWeight', 'freshnessHalfLifeDays', 'excludeSeen'],
  caches: ['cacheTtlS', 'responseCacheTtlS'],
  serving: ['k'],
  review: ['requests', 'warmup', 'activeUsers', 'evalUsers', 'machineMemoryGb'],
} as const satisfies Record<string, readonly string[]>;
export type DesignStage = keyof typeof DESIGN_STAGES;
export const STAGE_NAMES = Object.keys(DESIGN_STAGES) as DesignStage[];

/** Requirements that are not knobs: the default scale, and targets that become claims when stated. */
const REQUIREMENT_FIELDS = ['scale', 'memoryBudgetMb', 'minRecallAt100', 'minNdcgAt10'] as const;

type Value = ParamValue | Partial<Record<Scale, ParamValue>>;

export interface Design {
  id: string;
  title: string;
  description?: string;
  question: string;
  /** the scale the design is reviewed at unless the command line says otherwise */
  scale: Scale;
  memoryBudgetMb?: number;
  minRecallAt100?: number;
  minNdcgAt10?: number;
  /** the knobs the file sets, by stage (a value, or one per scale) */
  choices: Partial<Record<DesignStage, Record<string, Value>>>;
  file: string;
}

const scaled = z.object({ tiny: z.any(), small: z.any(), full: z.any() }).partial().strict();
const section = z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), scaled]));
const designSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, dashes)'),
    title: z.string().min(1),
    description: z.string().optional(),
    question: z.string().min(1).default('Design a recommendation system for this catalog: what do you build, and does it meet the p99 budget at the target traffic?'),
    ...Object.fromEntries(STAGE_NAMES.map((s) => [s, section.optional()])),
  })
  .strict();

let specsCache: ParamSpec[] | null = null;
/** The knobs a design may set: the design group's and the two-tower trainer's, as declared. */
export function designKnobs(): ParamSpec[] {
  specsCache ??= DESIGN_KNOB_GROUPS.flatMap((g) => Object.entries(loadKnobGroup(g, 'scenarios/designs').specs).map(([name, raw]) => ({ name, ...paramSpec.parse(raw) }) as ParamSpec));
  return specsCache;
}

function stageFields(stage: DesignStage): string[] {
  return stage === 'requirements' ? [...DESIGN_STAGES.requirements, ...REQUIREMENT_FIELDS] : [...DESIGN_STAGES[stage]];
}

/** One knob value of a design file, checked against its ParamSpec: the error names the file, the field and what is allowed. */
function checkValue(file: string, field: string, spec: ParamSpec, value: unknown): ParamValue {
  try {
    return checkParamValue(spec, value as ParamValue);
  } catch {
    throw new UsageError(`${file}: ${field}: ${JSON.stringify(value)} is not allowed; expected ${allowedValues(spec)}`);
  }
}

function requirementNumber(file: string, field: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= lo || value > hi) {
    throw new UsageError(`${file}: requirements.${field}: ${JSON.stringify(value)} is not allowed; expected a number in (${lo}, ${hi}]`);
  }
  return value;
}

/** Parse and validate design YAML text; `file` names it in errors. */
export function parseDesign(text: string, file: string): Design {
  const raw = parseYamlText(text, file);
  const parsed = designSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map((i) => {
      const field = i.path.length ? i.path.join('.') : '(top level)';
      if (i.code === 'unrecognized_keys') return `${field}: unknown field(s) ${i.keys.join(', ')}; a design has id, title, description, question and the sections ${STAGE_NAMES.join(', ')}`;
      return `${field}: ${i.message}`;
    });
    throw new UsageError(`${file}: invalid design\n  ${lines.join('\n  ')}`);
  }
  const d = parsed.data as Record<string, unknown> & { id: string; title: string; description?: string; question: string };
  const specs = designKnobs();
  const choices: Design['choices'] = {};
  const design: Design = { id: d.id, title: d.title, question: d.question, scale: 'small', choices, file, ...(d.description ? { description: d.description } : {}) };
  for (const stage of STAGE_NAMES) {
    const sec = d[stage] as Record<string, unknown> | undefined;
    if (!sec) continue;
    for (const [field, value] of Object.entries(sec)) {
      const where = `${stage}.${field}`;
      if (!stageFields(stage).includes(field)) {
        const elsewhere = STAGE_NAMES.find((s) => stageFields(s).includes(field));
        throw new UsageError(`${file}: ${where}: unknown field${elsewhere ? ` here (it belongs in ${elsewhere})` : ''}; ${stage}'s fields are: ${stageFields(stage).join(', ')}`);
      }
      if (stage === 'requirements' && (REQUIREMENT_FIELDS as readonly string[]).includes(field)) {
        if (field === 'scale') {
          if (!SCALES.includes(value as Scale)) throw new UsageError(`${file}: requirements.scale: ${JSON.stringify(value)} is not allowed; expected one of ${SCALES.join(', ')}`);
          design.scale = value as Scale;
        } else if (field === 'memoryBudgetMb') design.memoryBudgetMb = requirementNumber(file, field, value, 0, 1e7);
        else design[field as 'minRecallAt100' | 'minNdcgAt10'] = requirementNumber(file, field, value, 0, 1);
        continue;
      }
      const spec = specs.find((p) => p.name === field)!;
      const out = (choices[stage] ??= {});
      if (value !== null && typeof value === 'object') {
        const perScale: Partial<Record<Scale, ParamValue>> = {};
        for (const [s, v] of Object.entries(value)) perScale[s as Scale] = checkValue(file, `${where}.${s}`, spec, v);
        out[field] = perScale;
      } else out[field] = checkValue(file, where, spec, value);
    }
  }
  return design;
}

export function loadDesignFile(path: string): Design {
  return parseDesign(readUserFile(path, 'design file'), path);
}

export function designFiles(): string[] {
  return existsSync(designsDir) ? readdirSync(designsDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
}

/** The designs that ship (scenarios/designs/), the reference first. Ids must match file names. */
export function listDesigns(): Design[] {
  const list = designFiles().map((f) => {
    const d = loadDesignFile(join(designsDir, f));
    const expected = f.replace(/\.ya?ml$/, '');
    if (d.id !== expected) throw new UsageError(`${d.file}: id "${d.id}" must match the file name "${expected}"`);
    return d;
  });
  return list.sort((a, b) => Number(b.id === 'reference') - Number(a.id === 'reference') || a.id.localeCompare(b.id));
}

/** A shipped design by id, or a design file by path. Unknown ids fail with the list of known ones. */
export function findDesign(idOrPath: string): Design {
  if (/\.ya?ml$/.test(idOrPath) || idOrPath.includes('/')) return loadDesignFile(resolve(idOrPath));
  const all = listDesigns();
  const hit = all.find((d) => d.id === idOrPath);
  if (!hit) throw new UsageError(`unknown design "${idOrPath}"; shipped designs: ${all.map((d) => d.id).join(', ')} (or give a path to a design YAML)`);
  return hit;
}

/** The claims a design's requirements make: the p99 budget always, the memory and quality targets when stated. */
export function designClaims(d: Design): ClaimSpec[] {
  const claims: ClaimSpec[] = [
    // fails with a heavy path (candidates 5000, trees 2000) or a QPS the path cannot keep up with (queueing)
    { text: 'End-to-end p99 at the target QPS (open loop, from scheduled arrival) is inside the p99 budget', expr: 'p99_ms < budgetMs', kind: 'finding' },
  ];
  if (d.memoryBudgetMb !== undefined) claims.push({ text: `The stack's resident memory fits the ${d.memoryBudgetMb} MB budget`, expr: `memory_total_mb <= ${d.memoryBudgetMb}`, kind: 'finding' });
  if (d.minRecallAt100 !== undefined) claims.push({ text: `Retrieval recall@100 of new items reaches ${d.minRecallAt100}`, expr: `recall_at_100 >= ${d.minRecallAt100}`, kind: 'finding' });
  if (d.minNdcgAt10 !== undefined) claims.push({ text: `The served lists' NDCG@10 reaches ${d.minNdcgAt10}`, expr: `ndcg_at_10 >= ${d.minNdcgAt10}`, kind: 'finding' });
  claims.push({ text: 'The stage timers account for the mean request within 10% (the instrumentation misses no stage)', expr: 'unaccounted_pct < 10', kind: 'check' });
  return claims;
}

export const DESIGN_HEADLINE = ['p99_ms', 'recall_at_100', 'ndcg_at_10', 'diversity_ild', 'catalog_coverage', 'memory_total_mb'];

/** Asked before a rerun with changed choices (the TUI scores them against the previous run of the design). */
const DESIGN_PREDICTIONS = [
  {
    metric: 'p99_ms',
    question: 'With the choices as you set them now, does the end-to-end p99 at the target QPS go up, down or stay about the same?',
    explanation: 'A request costs mostly candidates × trees in the ranker, the index search (ef, or every item when exact) and the re-ranker pool. Under open-loop load a costlier request also queues longer behind the others, so p99 moves more than the mean; raising the QPS alone raises it through the queue.',
  },
  {
    metric: 'recall_at_100',
    question: 'Does retrieval recall@100 go up, down or stay about the same?',
    explanation: 'Recall@100 is set by the embeddings (dim, negatives, logQ, epochs) and the index (exact, or HNSW with M and ef); the ranker, the re-ranker, the rules and the caches come after retrieval and leave it unchanged.',
  },
  {
    metric: 'ndcg_at_10',
    question: 'Does the served lists\' NDCG@10 go up, down or stay about the same?',
    explanation: 'NDCG@10 of what is served moves with retrieval, the number of candidates, the ranker and the re-ranker: MMR and DPP trade some relevance for diversity, and without the seen-items rule the lists keep items the user already has, which never count as hits.',
  },
];

/** The design as a scenario of the design-review experiment: its choices are the defaults of the design's knobs. */
export function designScenario(d: Design): Scenario {
  const defaults: Record<string, Value> = {};
  for (const sec of Object.values(d.choices)) Object.assign(defaults, sec);
  const doc = {
    id: `design-${d.id}`,
    title: `Design review — ${d.title}`,
    topic: 'system-design',
    section: 'System Design → Design a recommendation system (the first question, end to end)',
    question: d.question,
    lesson: 'scaling',
    experiment: 'design-review',
    include: [...DESIGN_KNOB_GROUPS],
    defaults,
    headline: DESIGN_HEADLINE,
    // ten times the candidates: the rank stage, and with it the end-to-end tail, grows
    contrast: { candidates: 5000 },
    show: { charts: [{ type: 'bars', from: 'latency', y: ['p99_ms'], title: 'p99 per stage at the target QPS' }] },
    claims: designClaims(d),
    predictions: DESIGN_PREDICTIONS,
  };
  return { ...parseScenario(stringifyYaml(doc), d.file), file: d.file };
}

/** The resolved knob values of a run, grouped by stage as a design file writes them. */
export function choicesByStage(params: Record<string, ParamValue>): Record<DesignStage, Record<string, ParamValue>> {
  return Object.fromEntries(STAGE_NAMES.map((s) => [s, Object.fromEntries(DESIGN_STAGES[s].filter((k) => k in params).map((k) => [k, params[k]]))])) as Record<DesignStage, Record<string, ParamValue>>;
}
