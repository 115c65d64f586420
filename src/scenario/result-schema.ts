/** The `recsys-lab/run@1` document as a zod schema: validates what `run --format json` emits and what tools read back. */
import { z } from 'zod';

const latency = z.object({ n: z.number().int().nonnegative(), p50_ms: z.number(), p95_ms: z.number(), p99_ms: z.number(), mean_ms: z.number() });
const snake = z.string().regex(/^[a-z][a-z0-9_]*$/, 'metric names are snake_case');

export const runResultSchema = z.object({
  schema: z.literal('recsys-lab/run@1'),
  scenario: z.string().min(1),
  title: z.string().min(1),
  seed: z.number().int(),
  scale: z.enum(['tiny', 'small', 'full']),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  environment: z.object({ node: z.string(), tfjsBackend: z.string(), cpus: z.number().int().positive() }).catchall(z.union([z.string(), z.number()])),
  metrics: z.record(snake, z.number()),
  series: z.array(z.object({ name: z.string(), x: z.string(), points: z.array(z.record(z.string(), z.union([z.number(), z.string()]))) })),
  latency: z.record(z.string(), latency),
  claims: z.array(
    z.object({
      text: z.string(),
      expr: z.string(),
      holds: z.boolean(),
      observed: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
      error: z.string().optional(),
    }),
  ),
  tables: z.array(z.object({ title: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number()]))) })).optional(),
  notes: z.array(z.string()).optional(),
  stages: z.record(z.string(), z.number()).optional(),
  durationMs: z.number().int().nonnegative(),
});
