/** Every benchmark entry, one line each; `npm run bench -- --only <id>` picks some. */
import type { BenchEntry } from './types.js';

export const entries: (() => Promise<BenchEntry>)[] = [
  () => import('./drift.bench.js').then((m) => m.entry),
  () => import('./abtest.bench.js').then((m) => m.entry),
  () => import('./world.bench.js').then((m) => m.entry),
  () => import('./ann.bench.js').then((m) => m.entry),
  () => import('./compression.bench.js').then((m) => m.entry),
  () => import('./hnsw-cache.bench.js').then((m) => m.entry),
  () => import('./feature-store.bench.js').then((m) => m.entry),
  () => import('./tui.bench.js').then((m) => m.entry),
  () => import('./serving.bench.js').then((m) => m.entry),
  () => import('./gbdt.bench.js').then((m) => m.entry),
  () => import('./calibration.bench.js').then((m) => m.entry),
  () => import('./gbdt-scoring.bench.js').then((m) => m.entry),
  () => import('./gbdt-train-small.bench.js').then((m) => m.entry),
  () => import('./exact.bench.js').then((m) => m.entry),
  () => import('./hnsw-call.bench.js').then((m) => m.entry),
  () => import('./two-tower.bench.js').then((m) => m.entry),
  () => import('./cold-start.bench.js').then((m) => m.entry),
  () => import('./first-claim.bench.js').then((m) => m.entry),
  () => import('./measure-overhead.bench.js').then((m) => m.entry),
  () => import('./tui-cli-timings.bench.js').then((m) => m.entry),
  () => import('./busy-quiet.bench.js').then((m) => m.entry),
  () => import('./seed-stability.bench.js').then((m) => m.entry),
  () => import('./design-review.bench.js').then((m) => m.entry),
  () => import('./freshness.bench.js').then((m) => m.entry),
];
