/**
 * Workshop plans: a YAML list of scenario runs with knobs, run in order into one markdown report
 * (text charts inline, SVG files beside it where a picture helps a room).
 */
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../core/errors.js';
import { findScenario } from './catalog.js';
import { formatRunMarkdown } from './format/markdown.js';
import { runFigures } from './format/figure.js';
import { svgFigure } from './format/svg.js';
import { runScenario, type RunOptions } from './runner.js';
import { readUserFile } from './user-file.js';
import type { RunResult, Scale, Scenario } from './types.js';

const planSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().optional(),
    scale: z.enum(['tiny', 'small', 'full']).optional(),
    seed: z.number().int().nonnegative().optional(),
    steps: z
      .array(
        z
          .object({
            scenario: z.string().min(1),
            title: z.string().optional(),
            set: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
            sweep: z.boolean().default(true),
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
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new UsageError(`${path}: not valid YAML: ${String((err as Error).message).split('\n')[0]}`);
  }
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

/** Run every step (validating all knobs and claims first, so a typo fails before minutes of work). */
export async function runWorkshop(
  plan: WorkshopPlan,
  opts: { scale?: Scale; seed?: number; signal?: AbortSignal; onStep?: (i: number, n: number, id: string) => void; onEvent?: RunOptions['onEvent'] },
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
  const first = steps[0]?.result;
  if (first) md.push(`Measured on this machine: Node ${first.environment.node}, ${first.environment.cpus} CPUs, scale ${first.scale}, seed ${first.seed}.`, '');
  md.push('## Contents', '', ...steps.map((s, i) => `${i + 1}. ${s.title ?? s.scenario.title} (\`${s.scenario.id}\`)`), '');
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
