/**
 * The one HNSW worker thread: it builds an HNSW graph over a slice of shared vectors, on the engine the parent runs
 * (our addon's kernel, or hnswlib-node: hnsw-graph.ts), then either writes it to a
 * file and stops (the parallel build: a native index cannot be handed between threads) or stays and answers queries
 * (the sharded index). hnswlib-node inserts one point per synchronous call, so a thread of its own per shard is the
 * only way onto a second core.
 *
 * Plain CommonJS run with `new Worker(source, { eval: true })`, requiring only the engine's addon (by absolute path) and
 * node builtins, so the same code runs under tsx, vitest and the compiled dist/ without a TypeScript loader in the thread.
 *
 * Protocol. workerData: HnswWorkerData. Worker → parent: { type: 'progress', done } every 1/200 of the rows; then
 * { type: 'done', rows, buildMs } ('build': the file is written) or { type: 'ready', rows, buildMs } ('serve').
 * Serving, parent → worker: { id, query: Float32Array, k, ef, delayMs }; worker → parent: { id, ids (the labels given),
 * scores (similarities, as HnswIndex returns them), searchMs }.
 */
import { Worker } from 'node:worker_threads';
import { addonFile } from '../native/addon.js';
import type { AnnMetric } from './ann-types.js';
import { nativeMetric, type HnswEngine } from './hnsw-graph.js';
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
  /** the engine of the parent's index (the same graph either way; the native one inserts and answers with typed arrays) */
  engine: HnswEngine;
}

const SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const all = new Float32Array(w.vectors);
const labels = w.ids ? new Int32Array(w.ids) : null;
const rows = w.end - w.start;
const t0 = performance.now();
const every = Math.max(1, Math.floor(rows / 200));
let graph;
if (w.engine !== 'hnswlib-node') {
  const a = require(w.addon);
  const h = a.hnswCreate(w.metricCode, w.dim, Math.max(1, rows), w.M, w.efConstruction, w.seed, w.engine === 'native-wide');
  graph = {
    add: (from, to) => a.hnswAdd(h, all.subarray((w.start + from) * w.dim, (w.start + to) * w.dim), labels ? labels.subarray(w.start + from, w.start + to) : null, w.start + from),
    save: (file) => a.hnswSave(h, file),
    setEf: (ef) => a.hnswSetEf(h, ef),
    search: (query, k) => {
      const ids = new Int32Array(k), scores = new Float32Array(k);
      const n = a.hnswSearch(h, query, k, ids, scores);
      return n === k ? { ids, scores } : { ids: ids.slice(0, n), scores: scores.slice(0, n) };
    },
  };
} else {
  const { HierarchicalNSW } = require(w.addon);
  const index = new HierarchicalNSW(w.metric, w.dim);
  index.initIndex(Math.max(1, rows), w.M, w.efConstruction, w.seed);
  const row = new Array(w.dim).fill(0);
  const l2 = w.metric === 'l2';
  graph = {
    add: (from, to) => {
      for (let r = from; r < to; r++) {
        const o = (w.start + r) * w.dim;
        for (let d = 0; d < w.dim; d++) row[d] = all[o + d];
        index.addPoint(row, labels ? labels[w.start + r] : w.start + r);
      }
    },
    save: (file) => index.writeIndexSync(file),
    setEf: (ef) => index.setEf(ef),
    search: (query, k) => {
      for (let d = 0; d < w.dim; d++) row[d] = query[d];
      const res = index.searchKnn(row, k);
      const ids = Int32Array.from(res.neighbors);
      const scores = new Float32Array(ids.length);
      for (let i = 0; i < ids.length; i++) scores[i] = l2 ? -res.distances[i] : 1 - res.distances[i];
      return { ids, scores };
    },
  };
}
for (let r = 0; r < rows; r += every) {
  const e = Math.min(rows, r + every);
  graph.add(r, e);
  parentPort.postMessage({ type: 'progress', done: e });
}
const buildMs = performance.now() - t0;
if (w.mode === 'build') {
  graph.save(w.file);
  parentPort.postMessage({ type: 'done', rows, buildMs });
} else {
  let ef = w.ef;
  graph.setEf(ef);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  parentPort.postMessage({ type: 'ready', rows, buildMs });
  parentPort.on('message', (msg) => {
    const s = performance.now();
    if (msg.ef !== ef) graph.setEf((ef = msg.ef));
    // a simulated straggler (GC pause, noisy neighbour): the parent decides which calls are slow
    if (msg.delayMs > 0) Atomics.wait(sleeper, 0, 0, msg.delayMs);
    const { ids, scores } = graph.search(msg.query, Math.min(msg.k, rows));
    parentPort.postMessage({ id: msg.id, ids, scores, searchMs: performance.now() - s }, [ids.buffer, scores.buffer]);
  });
}
`;

/** Start one HNSW worker; it loads the same addon as this thread's engine. */
export function startHnswWorker(data: HnswWorkerData): Worker {
  const addon = data.engine === 'hnswlib-node' ? hnswlibPath() : addonFile();
  return new Worker(SOURCE, { eval: true, workerData: { ...data, addon, metricCode: nativeMetric(data.metric) } });
}

/** A copy of `a` in shared memory, readable by every worker without a copy each. */
export function sharedCopy(a: Float32Array | Int32Array): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(a.byteLength);
  new Uint8Array(sab).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return sab;
}
