/**
 * The one HNSW worker thread: it builds an hnswlib-node index over a slice of shared vectors, then either writes it to a
 * file and stops (the parallel build: a native index cannot be handed between threads) or stays and answers queries
 * (the sharded index). hnswlib-node inserts one point per synchronous call, so a thread of its own per shard is the
 * only way onto a second core.
 *
 * Plain CommonJS run with `new Worker(source, { eval: true })`, requiring only hnswlib-node (by absolute path) and node
 * builtins, so the same code runs under tsx, vitest and the compiled dist/ without a TypeScript loader in the thread.
 *
 * Protocol. workerData: HnswWorkerData. Worker → parent: { type: 'progress', done } every 1/200 of the rows; then
 * { type: 'done', rows, buildMs } ('build': the file is written) or { type: 'ready', rows, buildMs } ('serve').
 * Serving, parent → worker: { id, query: Float32Array, k, ef, delayMs }; worker → parent: { id, ids (the labels given),
 * scores (similarities, as HnswIndex returns them), searchMs }.
 */
import { Worker } from 'node:worker_threads';
import type { AnnMetric } from './ann-types.js';
import { hnswlibPath } from './hnswlib-binding.js';

export interface HnswWorkerData {
  mode: 'build' | 'serve';
  /** all vectors, row-major rows × dim, shared by every worker (not copied per thread) */
  vectors: SharedArrayBuffer;
  dim: number;
  metric: AnnMetric;
  /** the rows [start, end) this worker indexes */
  start: number;
  end: number;
  /** a label per row of the whole set (Int32); null: the row number */
  ids: SharedArrayBuffer | null;
  M: number;
  efConstruction: number;
  seed: number;
  /** query-time ef until a query gives another ('serve' only) */
  ef?: number;
  /** where 'build' writes the index */
  file?: string;
}

const SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const { HierarchicalNSW } = require(w.addon);
const all = new Float32Array(w.vectors);
const labels = w.ids ? new Int32Array(w.ids) : null;
const rows = w.end - w.start;
const t0 = performance.now();
const index = new HierarchicalNSW(w.metric, w.dim);
index.initIndex(Math.max(1, rows), w.M, w.efConstruction, w.seed);
const row = new Array(w.dim).fill(0);
const every = Math.max(1, Math.floor(rows / 200));
for (let r = 0; r < rows; r++) {
  const o = (w.start + r) * w.dim;
  for (let d = 0; d < w.dim; d++) row[d] = all[o + d];
  index.addPoint(row, labels ? labels[w.start + r] : w.start + r);
  if ((r + 1) % every === 0) parentPort.postMessage({ type: 'progress', done: r + 1 });
}
const buildMs = performance.now() - t0;
if (w.mode === 'build') {
  index.writeIndexSync(w.file);
  parentPort.postMessage({ type: 'done', rows, buildMs });
} else {
  let ef = w.ef;
  index.setEf(ef);
  const l2 = w.metric === 'l2';
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  parentPort.postMessage({ type: 'ready', rows, buildMs });
  parentPort.on('message', (msg) => {
    const s = performance.now();
    if (msg.ef !== ef) index.setEf((ef = msg.ef));
    // a simulated straggler (GC pause, noisy neighbour): the parent decides which calls are slow
    if (msg.delayMs > 0) Atomics.wait(sleeper, 0, 0, msg.delayMs);
    for (let d = 0; d < w.dim; d++) row[d] = msg.query[d];
    const res = index.searchKnn(row, Math.min(msg.k, rows));
    const ids = Int32Array.from(res.neighbors);
    const scores = new Float32Array(ids.length);
    for (let i = 0; i < ids.length; i++) scores[i] = l2 ? -res.distances[i] : 1 - res.distances[i];
    parentPort.postMessage({ id: msg.id, ids, scores, searchMs: performance.now() - s }, [ids.buffer, scores.buffer]);
  });
}
`;

/** Start one HNSW worker; it loads the same hnswlib-node addon as this thread. */
export function startHnswWorker(data: HnswWorkerData): Worker {
  return new Worker(SOURCE, { eval: true, workerData: { ...data, addon: hnswlibPath() } });
}

/** A copy of `a` in shared memory, readable by every worker without a copy each. */
export function sharedCopy(a: Float32Array | Int32Array): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(a.byteLength);
  new Uint8Array(sab).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return sab;
}
