/**
 * Training throughput of the two-tower architecture of DESIGN.md (ids only: an item table and a user
 * table outside tfjs, two layers per tower, in-batch softmax with logQ), on synthetic Zipf-distributed
 * (user, item) pairs — the same model the PyTorch anchor in bench/py/two_tower_torch.py trains.
 * Reports examples/s and where a step's time goes (sparse gather, dense step, sparse scatter + update).
 */
import { AliasSampler, Rng } from '../../core/rng.js';
import { batchInclusionProbabilities } from '../../core/sampled-softmax/frequency-estimator.js';
import { EmbeddingTable, RowPlan, type SparseOptimizer } from './embedding-table.js';
import { loadNative } from '../../native/addon.js';
import { makeDenseEngine } from './train.js';
import type { DenseEngineName } from './types.js';

export interface IdBenchmarkOptions {
  numItems: number;
  numUsers: number;
  dim: number;
  hidden: number[];
  batchSize: number;
  steps: number;
  warmupSteps: number;
  engine: DenseEngineName;
  sparseOptimizer: SparseOptimizer;
  seed: number;
}

export interface IdBenchmarkResult {
  backend: string;
  engine: DenseEngineName;
  examplesPerSecond: number;
  gatherMsPerStep: number;
  denseMsPerStep: number;
  scatterMsPerStep: number;
  firstLoss: number;
  lastLoss: number;
}

export async function benchmarkIdTwoTower(o: IdBenchmarkOptions): Promise<IdBenchmarkResult> {
  const rng = new Rng(o.seed);
  // the native engine does the tables' row work in C++ too, as in trainTwoTower
  const native = o.engine === 'native' ? loadNative() : null;
  const items = new EmbeddingTable(o.numItems, o.dim, rng.fork('items'), 0.1, native);
  const users = new EmbeddingTable(o.numUsers, o.dim, rng.fork('users'), 0.1, native);
  const userPlan = new RowPlan();
  const itemPlan = new RowPlan();
  const zipf = Float64Array.from({ length: o.numItems }, (_, i) => 1 / (i + 1) ** 0.8);
  const sampler = new AliasSampler(zipf);
  const logQ = Float32Array.from(batchInclusionProbabilities(zipf, o.batchSize), (q) => Math.log(Math.max(q, 1e-9)));
  const { dense, backend } = await makeDenseEngine({ dim: o.dim, hidden: o.hidden, learningRate: 0.001, engine: o.engine }, o.dim, rng);
  const B = o.batchSize;
  const draw = rng.fork('pairs');
  const xu = new Float32Array(B * o.dim);
  const xi = new Float32Array(B * o.dim);
  let gather = 0;
  let denseMs = 0;
  let scatter = 0;
  let firstLoss = NaN;
  let lastLoss = NaN;
  // ids drawn before the clock starts, as the PyTorch anchor does: the benchmark times training, not sampling
  const total = o.warmupSteps + o.steps;
  // step by step, so step s sees the same batch whatever the number of steps
  const allUsers = new Int32Array(total * B);
  const allItems = new Int32Array(total * B);
  for (let s = 0; s < total; s++) {
    for (let r = 0; r < B; r++) allUsers[s * B + r] = draw.int(o.numUsers);
    for (let r = 0; r < B; r++) allItems[s * B + r] = sampler.sample(draw);
  }
  for (let s = 0; s < total; s++) {
    const t0 = performance.now();
    const u = allUsers.subarray(s * B, (s + 1) * B);
    const it = allItems.subarray(s * B, (s + 1) * B);
    userPlan.clear();
    itemPlan.clear();
    for (let r = 0; r < B; r++) {
      userPlan.push(u[r], r, 1);
      itemPlan.push(it[r], r, 1);
    }
    xu.fill(0);
    xi.fill(0);
    users.gather(userPlan, xu);
    items.gather(itemPlan, xi);
    const t1 = performance.now();
    const out = dense.step({
      xu, xi, B, C: B, k: 0, rowItem: it, colItem: it, logQ: Float32Array.from(it, (i) => logQ[i]),
      correction: 1, temperature: 0.05, inBatch: true,
    });
    const t2 = performance.now();
    users.scatter(userPlan, out.gxu);
    items.scatter(itemPlan, out.gxi);
    users.apply(0.05, o.sparseOptimizer);
    items.apply(0.05, o.sparseOptimizer);
    const t3 = performance.now();
    if (s === 0) firstLoss = out.loss;
    lastLoss = out.loss;
    if (s >= o.warmupSteps) {
      gather += t1 - t0;
      denseMs += t2 - t1;
      scatter += t3 - t2;
    }
  }
  dense.dispose();
  const elapsed = gather + denseMs + scatter;
  return {
    backend, engine: dense.name, examplesPerSecond: (o.steps * B) / (elapsed / 1000),
    gatherMsPerStep: gather / o.steps, denseMsPerStep: denseMs / o.steps, scatterMsPerStep: scatter / o.steps, firstLoss, lastLoss,
  };
}
