/**
 * Workshop plans: a YAML list of scenario runs with knobs (and, per step or for the whole plan, a number of seeds),
 * run in order into one report — markdown with SVG figures beside it where a picture helps a room, terminal text,
 * or JSON — that says how busy the machine was and judges every claim holds / fails / inconclusive.
 */
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { findScenario } from './catalog.js';
import { formatRunMarkdown } from './format/markdown.js';
import { runFigures } from './format/figure.js';
import { svgFigure } from './format/svg.js';
import { runScenario, type RunOptions } from './runner.js';
import { parseYamlText, readUserFile } from './user-file.js';
import { formatRunText, type Styler } from './format/text.js';
import { MAX_SEEDS, type RunResult, type Scale, type Scenario, type Verdict } from './types.js';

const planSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().optional(),
    scale: z.enum(['tiny', 'small', 'full']).optional(),
    seed: z.number().int().nonnegative().optional(),
    /** every step under this many seeds unless the step says otherwise (claims as "holds in k of N") */
    seeds: z.number().int().min(1).max(MAX_SEEDS).optional(),
    steps: z
      .array(
        z
          .object({
            scenario: z.string().min(1),
            title: z.string().optional(),
            set: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
            sweep: z.boolean().default(true),
            seeds: z.number().int().min(1).max(MAX_SEEDS).optional(),
            discuss: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type WorkshopPlan = z.infer<typeof planSchema>;

export function loadWorkshopPlan(path: string): WorkshopPlan {
  const text = readUserFile(path, 'workshop plan');
  const raw = parseYamlText(text, path);
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new UsageError(`${path}: invalid workshop plan\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

export interface WorkshopStepResult {
  scenario: Scenario;
  result: RunResult;
  discuss?: string;
  title?: string;
}

export interface WorkshopFigure {
  file: string;
  svg: string;
}

/**
 * Run every step (validating all knobs and claims first, so a typo fails before minutes of work). `seeds` given here (the
 * command line's --seeds) applies to every step; otherwise a step's own `seeds:`, then the plan's, then 1.
 */
export async function runWorkshop(
  plan: WorkshopPlan,
  opts: { scale?: Scale; seed?: number; seeds?: number; signal?: AbortSignal; onStep?: (i: number, n: number, id: string) => void; onEvent?: RunOptions['onEvent'] },
): Promise<WorkshopStepResult[]> {
  const scenarios = await Promise.all(
    plan.steps.map((s, i) =>
      findScenario(s.scenario).catch((err: Error) => {
        throw new UsageError(`workshop step ${i + 1}: ${err.message}`);
      }),
    ),
  );
  const { resolveParams } = await import('./params.js');
  const scale = opts.scale ?? plan.scale ?? 'small';
  plan.steps.forEach((s, i) => {
    try {
      resolveParams(scenarios[i], s.set, scale);
    } catch (err) {
      throw new UsageError(`workshop step ${i + 1} (${s.scenario}): ${(err as Error).message}`);
    }
  });
  // and every step's claims: a bad claim in the last step must not cost the runs before it
  const withClaims = scenarios.filter((s) => s.claims.length > 0);
  if (withClaims.length) {
    const { validateClaims } = await import('./claims.js');
    for (const s of withClaims) await validateClaims(s.claims, s.file ?? s.id);
  }
  const out: WorkshopStepResult[] = [];
  for (const [i, step] of plan.steps.entries()) {
    opts.onStep?.(i, plan.steps.length, step.scenario);
    const result = await runScenario(scenarios[i], {
      params: step.set,
      scale,
      seed: opts.seed ?? plan.seed,
      seeds: opts.seeds ?? step.seeds ?? plan.seeds ?? 1,
      signal: opts.signal,
      sweep: step.sweep,
      onEvent: opts.onEvent,
    });
    out.push({ scenario: scenarios[i], result, discuss: step.discuss, title: step.title });
  }
  return out;
}

/** The report and its SVG figures (one per line chart of each step); `figureDir` is relative to the report. */
export function workshopReport(plan: WorkshopPlan, steps: WorkshopStepResult[], figureDir: string): { markdown: string; figures: WorkshopFigure[] } {
  const figures: WorkshopFigure[] = [];
  const md: string[] = [`# ${plan.title}`, ''];
  if (plan.description) md.push(plan.description.trim(), '');
  md.push(...workshopPreamble(steps).flatMap((line) => [line, '']));
  md.push('## Contents', '', ...steps.map((s, i) => `${i + 1}. ${s.title ?? s.scenario.title} (\`${s.scenario.id}\`) — ${verdictCounts(s.result, MD_MARKS)}`), '');
  steps.forEach((s, i) => {
    md.push(`## ${i + 1}. ${s.title ?? s.scenario.title}`, '');
    if (s.discuss) md.push(`**Discuss before the numbers:** ${s.discuss.trim()}`, '');
    md.push(formatRunMarkdown(s.result, s.scenario, { headingLevel: 3 }));
    for (const fig of runFigures(s.result, s.scenario)) {
      if (fig.kind !== 'line' || fig.lines.every((l) => l.points.length < 2)) continue;
      const file = `${figureDir}/${i + 1}-${s.scenario.id}-${fig.keys.join('-')}.svg`;
      figures.push({ file, svg: svgFigure(fig) });
      md.push(`![${fig.title}](${file})`, '');
    }
  });
  return { markdown: md.join('\n').trimEnd() + '\n', figures };
}

const MD_MARKS: Record<Verdict, string> = { holds: '✅', fails: '❌', inconclusive: '❔' };
const TEXT_MARKS: Record<Verdict, string> = { holds: '✓', fails: '✗', inconclusive: '?' };

/** "✅ 3 · ❔ 1" over a step's findings (checks are counted apart): the verdicts at a glance for the contents. */
export function verdictCounts(result: RunResult, marks: Record<Verdict, string>): string {
  const findings = result.claims.filter((c) => c.kind !== 'check');
  const checks = result.claims.length - findings.length;
  const parts = (['holds', 'fails', 'inconclusive'] as const)
    .map((v) => [v, findings.filter((c) => c.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${marks[v]} ${n}`);
  const claims = parts.length ? parts.join(' · ') : 'no claims';
  return checks ? `${claims} (+ ${checks} check${checks > 1 ? 's' : ''})` : claims;
}

/**
 * What the room should know before reading any number: where it was measured, and how busy the machine was while
 * each step ran (a busy machine's tail latencies are the scheduler's, so timing claims there may be inconclusive).
 */
export function workshopPreamble(steps: WorkshopStepResult[]): string[] {
  const first = steps[0]?.result;
  if (!first) return [];
  const seeds = [...new Set(steps.map((s) => s.result.seeds?.seeds.length ?? 1))];
  const seedText = seeds.length === 1 && seeds[0] === 1 ? `seed ${first.seed}` : `seed ${first.seed} (${seeds.length === 1 ? `${seeds[0]} seeds each` : 'seeds per step as the plan says'})`;
  const lines = [`Measured on this machine: Node ${first.environment.node}, ${first.environment.cpus} CPUs, scale ${first.scale}, ${seedText}.`];
  const noise = steps.map((s, i) => ({ step: i + 1, noise: s.result.environment.noise }));
  const known = noise.filter((n) => n.noise);
  if (known.length === 0) return [...lines, 'How busy the machine was is not recorded for these runs.'];
  const loads = known.map((n) => n.noise!.loadAvg1);
  const range = `load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} on ${first.environment.cpus} cores`;
  const busy = known.filter((n) => n.noise!.level === 'busy');
  if (busy.length === 0) return [...lines, `The machine was quiet through every step (${range}): its timings are worth quoting.`];
  const which = busy.length === steps.length ? 'every step' : `step${busy.length > 1 ? 's' : ''} ${busy.map((b) => b.step).join(', ')}`;
  return [...lines, `⚠ The machine was busy during ${which} (${range}): timing claims there may be inconclusive, or read differently on a quiet machine — rerun before quoting them. Each step's own note says why.`];
}

/** The workshop as terminal text: the same content as the markdown report, without the figure files. */
export function workshopText(plan: WorkshopPlan, steps: WorkshopStepResult[], opts: { width?: number; style?: Styler } = {}): string {
  const out: string[] = [plan.title, '='.repeat(Math.min(plan.title.length, opts.width ?? 72)), ''];
  if (plan.description) out.push(plan.description.trim(), '');
  out.push(...workshopPreamble(steps), '');
  out.push('Contents', ...steps.map((s, i) => `  ${i + 1}. ${s.title ?? s.scenario.title} (${s.scenario.id}) — ${verdictCounts(s.result, TEXT_MARKS)}`), '');
  steps.forEach((s, i) => {
    const heading = `${i + 1}. ${s.title ?? s.scenario.title}`;
    out.push(heading, '-'.repeat(Math.min(heading.length, opts.width ?? 72)), '');
    if (s.discuss) out.push(`Discuss before the numbers: ${s.discuss.trim()}`, '');
    out.push(formatRunText(s.result, s.scenario, opts));
  });
  return out.join('\n').trimEnd() + '\n';
}

export const WORKSHOP_SCHEMA = 'recsys-lab/workshop@1';

/** The workshop as one JSON document: the plan's words and each step's run document (recsys-lab/run@2). */
export function workshopJson(plan: WorkshopPlan, steps: WorkshopStepResult[]): string {
  const doc = {
    schema: WORKSHOP_SCHEMA,
    title: plan.title,
    ...(plan.description ? { description: plan.description.trim() } : {}),
    steps: steps.map((s) => ({ scenario: s.scenario.id, title: s.title ?? s.scenario.title, ...(s.discuss ? { discuss: s.discuss.trim() } : {}), result: s.result })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
