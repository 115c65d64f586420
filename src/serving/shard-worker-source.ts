/**
 * Source of one shard worker of the sharded index, run with `new Worker(SOURCE, { eval: true })`.
 * Plain CommonJS requiring only hnswlib-node (by absolute path) and node builtins, so the same code
 * runs under tsx, vitest and the compiled dist/ without a TypeScript loader in the thread.
 *
 * Protocol (parent → worker): workerData = { addon: path of hnswlib-node, vectors: SharedArrayBuffer
 * (Float32, all items), dim, start, end, M, efConstruction, ef, seed }; then messages
 * { id, query: Float32Array, k, delayMs } and { type: 'ef', ef }. Worker → parent: { type: 'ready',
 * buildMs } once, then { id, ids: Int32Array (global item ids), scores: Float32Array, searchMs } per query.
 */
export const SHARD_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const hnswlib = require(workerData.addon);

const { vectors, dim, start, end, M, efConstruction, ef, seed } = workerData;
const all = new Float32Array(vectors);
const t0 = performance.now();
const index = new hnswlib.HierarchicalNSW('ip', dim);
index.initIndex(Math.max(1, end - start), M, efConstruction, seed);
const row = new Array(dim);
for (let i = start; i < end; i++) {
  for (let d = 0; d < dim; d++) row[d] = all[i * dim + d];
  index.addPoint(row, i - start);
}
index.setEf(ef);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
parentPort.postMessage({ type: 'ready', buildMs: performance.now() - t0 });

parentPort.on('message', (msg) => {
  if (msg.type === 'ef') {
    index.setEf(msg.ef);
    return;
  }
  const s = performance.now();
  // a simulated straggler (GC pause, noisy neighbour): the parent decides which calls are slow
  if (msg.delayMs > 0) Atomics.wait(sleeper, 0, 0, msg.delayMs);
  const k = Math.min(msg.k, end - start);
  const res = index.searchKnn(Array.from(msg.query), k);
  const ids = new Int32Array(res.neighbors.length);
  const scores = new Float32Array(res.neighbors.length);
  for (let r = 0; r < ids.length; r++) {
    ids[r] = res.neighbors[r] + start;
    scores[r] = 1 - res.distances[r];
  }
  parentPort.postMessage({ id: msg.id, ids, scores, searchMs: performance.now() - s }, [ids.buffer, scores.buffer]);
});
`;
