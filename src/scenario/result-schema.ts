/**
 * The run documents as zod schemas: `recsys-lab/run@2` (what `run --format json` emits now) and
 * `recsys-lab/run@1` (what earlier versions wrote into the history). `readRunResult` reads either and
 * returns a run@2 document, or null for anything else, so every reader can count and skip bad records.
 */
import { z } from 'zod';
import type { RunResult } from './types.js';

const interval = z.tuple([z.number(), z.number()]);
const latencyV1 = z.object({ n: z.number().int().nonnegative(), p50_ms: z.number(), p95_ms: z.number(), p99_ms: z.number(), mean_ms: z.number() });
const latencyV2 = latencyV1.extend({
  max_ms: z.number().optional(),
  ci: z.object({ p50: interval, p95: interval, p99: interval }).optional(),
  warmup: z.number().int().nonnegative().optional(),
  tail: z.literal('max').optional(),
});
const snake = z.string().regex(/^[a-z][a-z0-9_]*$/, 'metric names are snake_case');
const scalar = z.union([z.number(), z.string(), z.boolean()]);
const verdict = z.enum(['holds', 'fails', 'inconclusive']);
const noise = z.object({
  level: z.enum(['quiet', 'busy']),
  loadAvg1: z.number(),
  cpus: z.number(),
  calibrationCv: z.number(),
  /** the calibration loop was left out: the run measured under test limits (src/measure/limits.ts) */
  calibrationSkipped: z.literal(true).optional(),
  cpuShare: z.number().nullable(),
  disturbedShare: z.number().min(0).max(1).optional(),
  otherCores: z.number().min(0).nullable().optional(),
  warnings: z.array(z.string()),
});

const common = {
  scenario: z.string().min(1),
  title: z.string().min(1),
  seed: z.number().int(),
  scale: z.enum(['tiny', 'small', 'full']),
  params: z.record(z.string(), scalar),
  metrics: z.record(snake, z.number()),
  tables: z.array(z.object({ title: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number()]))) })).optional(),
  notes: z.array(z.string()).optional(),
  stages: z.record(z.string(), z.number()).optional(),
  durationMs: z.number().int().nonnegative(),
};
const series = z.object({ name: z.string(), x: z.string(), points: z.array(z.record(z.string(), z.union([z.number(), z.string()]))) });
const claimV1 = z.object({ text: z.string(), expr: z.string(), holds: z.boolean(), observed: z.record(z.string(), scalar), error: z.string().optional() });

export const runResultSchemaV1 = z.object({
  schema: z.literal('recsys-lab/run@1'),
  ...common,
  environment: z.object({ node: z.string(), tfjsBackend: z.string(), cpus: z.number().int().positive() }).catchall(z.union([z.string(), z.number()])),
  series: z.array(series),
  latency: z.record(z.string(), latencyV1),
  claims: z.array(claimV1),
});

export const runResultSchema = z.object({
  schema: z.literal('recsys-lab/run@2'),
  ...common,
  environment: z
    .object({ node: z.string(), tfjsBackend: z.string(), cpus: z.number().int().positive(), noise: noise.optional() })
    .catchall(z.union([z.string(), z.number(), noise])),
  intervals: z.record(z.string(), interval).optional(),
  series: z.array(series.extend({ ci: z.array(z.record(z.string(), interval)).optional() })),
  latency: z.record(z.string(), latencyV2),
  claims: z.array(
    claimV1.extend({
      kind: z.enum(['finding', 'check']),
      verdict,
      share: z.number().min(0).max(1),
      replicates: z.number().int().nonnegative(),
      intervals: z.record(z.string(), interval).optional(),
      holdsIn: z.number().int().nonnegative().optional(),
      of: z.number().int().positive().optional(),
      seedDependent: z.boolean().optional(),
      note: z.string().optional(),
    }),
  ),
  seeds: z
    .object({
      seeds: z.array(z.number().int()),
      metrics: z.record(z.string(), z.object({ mean: z.number(), ci: interval, values: z.array(z.number()) })),
      claims: z.array(z.object({ text: z.string(), holdsIn: z.number().int(), of: z.number().int(), verdicts: z.array(verdict), seedDependent: z.boolean() })),
    })
    .optional(),
});

/** A run document of either version as run@2, or null when it is neither (a torn line, a hand-edited record …). */
export function readRunResult(doc: unknown): RunResult | null {
  const v2 = runResultSchema.safeParse(doc);
  if (v2.success) return v2.data as RunResult;
  const v1 = runResultSchemaV1.safeParse(doc);
  if (!v1.success) return null;
  const d = v1.data;
  return {
    ...d,
    schema: 'recsys-lab/run@2',
    environment: d.environment as RunResult['environment'],
    claims: d.claims.map((c) => ({
      ...c,
      kind: 'finding' as const,
      // run@1 had no "inconclusive": an evaluation error was a non-holding claim
      verdict: c.error ? ('inconclusive' as const) : c.holds ? ('holds' as const) : ('fails' as const),
      share: c.holds ? 1 : 0,
      replicates: 1,
    })),
  };
}
