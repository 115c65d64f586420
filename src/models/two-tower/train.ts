/**
 * trainTwoTower: the loop of Yi et al. (RecSys 2019) on the synthetic world —
 * batch → (optional extra negatives) → sampling probabilities q → towers + corrected softmax
 * (dense engine) → sparse row updates of the embedding tables → update the frequency estimate.
 */
import { throwIfAborted, UsageError } from '../../core/errors.js';
import { batchInclusionProbabilities, StreamingFrequencyEstimator } from '../../core/sampled-softmax/frequency-estimator.js';
import { Rng } from '../../core/rng.js';
import { itemCounts } from '../../data/cohorts.js';
import type { World } from '../../data/world-types.js';
import { getTf } from '../tf-backend.js';
import { loadNative, nativeStatus } from '../../native/addon.js';
import { JsDenseEngine } from './dense-js.js';
import { NativeDenseEngine } from './dense-native.js';
import { TfjsDenseEngine } from './dense-tfjs.js';
import { initDenseWeights, type DenseConfig, type DenseEngine } from './dense-types.js';
import { WorldFeatures, type HistoryOptions } from './features.js';
import { createModel } from './model.js';
import { drawHard, mineHardNegatives, uniformNegatives, type HardNegativeStore } from './negatives.js';
import { checkTwoTowerFits, validateTwoTowerOptions } from './options.js';
import { buildTrainingData, exampleHistories, historiesAtSplit, type TrainingData } from './training-data.js';
import type { DenseEngineChoice, DenseEngineName, TwoTowerModel, TwoTowerOptions } from './types.js';

/** Sparse tables learn at this multiple of the dense Adam rate (row-wise Adagrad needs larger steps). */
export const SPARSE_LR_SCALE = 20;
/** Floor of q so log q stays finite for an item the estimator has not seen yet. */
const MIN_Q = 1e-7;
/** Hard-negative mining pool cap (see negatives.ts). */
const MINING_POOL = 5_000;
/** Users mined per refresh (a fresh random sample when there are more; the others draw uniform negatives). */
const MINING_USERS = 20_000;
/** Share of training before the first mining pass, and between refreshes. */
const HARD_WARMUP = 0.3;

export const DEFAULT_HISTORY: HistoryOptions = { maxLength: 50, halfLife: Infinity };

/** The engine `choice` runs on: 'auto' is native when the addon loads, else tfjs. */
export function resolveDenseEngine(choice: DenseEngineChoice = 'auto'): DenseEngineName {
  if (choice !== 'auto') return choice;
  return nativeStatus().addon ? 'native' : 'tfjs';
}

/**
 * The dense engine for `o.engine`: 'auto' takes the compiled engine when its addon is built (it is
 * the fastest by benchmark, see bench/two-tower.bench.ts) and tfjs otherwise. `backend` names what
 * runs the maths: 'native (2 threads)', the tfjs backend ('wasm', 'cpu', 'tensorflow'), or 'js'.
 * Asking for 'native' when the addon is missing is a UsageError that says why.
 */
export async function makeDenseEngine(o: Pick<TwoTowerOptions, 'dim' | 'hidden' | 'learningRate' | 'engine'>, inputDim: number, rng: Rng): Promise<{ dense: DenseEngine; backend: string }> {
  const config: DenseConfig = { inputDim, hidden: o.hidden, dim: o.dim, learningRate: o.learningRate };
  return denseEngineFrom(o.engine ?? 'auto', config, initDenseWeights(config, rng.fork('dense-init')));
}

/** The dense engine for `choice` starting from the weights `init` (DenseEngine.weights() layout): a new model's, or a cached one's. */
export async function denseEngineFrom(choice: DenseEngineChoice, config: DenseConfig, init: Float32Array[]): Promise<{ dense: DenseEngine; backend: string }> {
  if (choice === 'js') return { dense: new JsDenseEngine(config, init), backend: 'js' };
  if (choice === 'native' || choice === 'auto') {
    const { addon, reason } = nativeStatus();
    if (addon) {
      const dense = new NativeDenseEngine(addon, config, init);
      return { dense, backend: `native (${dense.threads} thread${dense.threads > 1 ? 's' : ''})` };
    }
    if (choice === 'native') throw new UsageError(`trainTwoTower: engine native is unavailable: the addon is ${reason}; use engine auto, tfjs or js`);
  }
  const { tf, backend } = await getTf({ gradients: false });
  return { dense: new TfjsDenseEngine(tf, config, init), backend };
}

interface LoopState {
  world: World;
  o: TwoTowerOptions;
  data: TrainingData;
  features: WorldFeatures;
  dense: DenseEngine;
  history: HistoryOptions;
  rng: Rng;
  exactLogQ: Float32Array | null;
  estimator: StreamingFrequencyEstimator | null;
  hard: HardNegativeStore | null;
}

/** log q per column: the in-batch columns by item frequency, uniform columns k/N (see sampled-softmax.ts). */
function columnLogQ(s: LoopState, colItem: Int32Array, B: number, inBatch: boolean): Float32Array {
  const N = s.world.items.count;
  const k = colItem.length - B;
  const uniformLogQ = Math.log(Math.max(k, 1) / N);
  const out = new Float32Array(colItem.length);
  for (let j = 0; j < colItem.length; j++) {
    if (j >= B || !inBatch) out[j] = uniformLogQ;
    else if (s.exactLogQ) out[j] = s.exactLogQ[colItem[j]];
    else out[j] = Math.log(Math.max(MIN_Q, s.estimator!.probability(colItem[j])));
  }
  return out;
}

/** One optimisation step on the examples `ex`; returns the loss. */
function trainStep(s: LoopState, ex: Int32Array): number {
  const { o, world, features, data } = s;
  const B = ex.length;
  const e = features.dim;
  const inBatch = o.negatives !== 'uniform';
  const shared = o.negatives === 'uniform' || o.negatives === 'mixed' ? o.numNegatives : 0;
  const k = o.negatives === 'hard' ? o.numNegatives : 0;
  const users = new Int32Array(B);
  const colItem = new Int32Array(B + shared);
  for (let r = 0; r < B; r++) {
    users[r] = data.exUser[ex[r]];
    colItem[r] = data.csr.items[ex[r]];
  }
  if (shared > 0) colItem.set(uniformNegatives(s.rng, world.items.count, shared), B);
  const itemRows = new Int32Array(colItem.length + B * k);
  itemRows.set(colItem);
  for (let r = 0; r < B && k > 0; r++) drawHard(s.hard, users[r], k, s.rng, world.items.count, itemRows, colItem.length + r * k);
  if (s.estimator) s.estimator.update(colItem.subarray(0, B));
  const hist = exampleHistories(data, ex, s.history);
  const xu = new Float32Array(B * e);
  const xi = new Float32Array(itemRows.length * e);
  features.userInputs(users, hist, xu);
  features.itemInputs(itemRows, xi);
  const correction = o.logQ === 'correct' ? 1 : o.logQ === 'wrong-sign' ? -1 : 0;
  const out = s.dense.step({
    xu, xi, B, C: colItem.length, k, rowItem: colItem.subarray(0, B), colItem,
    logQ: columnLogQ(s, colItem, B, inBatch), correction, temperature: o.temperature, inBatch,
  });
  features.userBackward(users, hist, out.gxu);
  features.itemBackward(itemRows, out.gxi);
  features.apply(o.learningRate * SPARSE_LR_SCALE, 'adagrad');
  return out.loss;
}

/** Refresh the hard-negative lists from the current model (see negatives.ts). */
function refreshHard(s: LoopState): void {
  const N = s.world.items.count;
  const pool = N <= MINING_POOL ? Int32Array.from({ length: N }, (_, i) => i) : s.rng.sampleWithoutReplacement(N, MINING_POOL);
  const e = s.features.dim;
  const xi = new Float32Array(pool.length * e);
  s.features.itemInputs(pool, xi);
  const v = s.dense.encodeItems(xi, pool.length);
  const d = s.o.dim;
  const U = s.world.users.count;
  const mineFor = U <= MINING_USERS ? undefined : s.rng.sampleWithoutReplacement(U, MINING_USERS).sort();
  s.hard = mineHardNegatives(s.data, U, pool, Math.max(4 * s.o.numNegatives, 20), (users) => {
    const xu = new Float32Array(users.length * e);
    s.features.userInputs(users, historiesAtSplit(s.data, users, s.history), xu);
    const u = s.dense.encodeUsers(xu, users.length);
    const scores = new Float32Array(users.length * pool.length);
    for (let r = 0; r < users.length; r++) {
      for (let q = 0; q < pool.length; q++) {
        let dot = 0;
        for (let c = 0; c < d; c++) dot += u[r * d + c] * v[q * d + c];
        scores[r * pool.length + q] = dot;
      }
    }
    return scores;
  }, mineFor);
}

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Train the two-tower retriever on the world's train split. See TwoTowerOptions; throws UsageError / ResourceLimitError / RunCancelledError. */
export async function trainTwoTower(world: World, o: TwoTowerOptions): Promise<TwoTowerModel> {
  validateTwoTowerOptions(o);
  const estimatedBytes = checkTwoTowerFits(world, o);
  const rng = new Rng(o.seed);
  const data = buildTrainingData(world);
  const { dense, backend } = await makeDenseEngine(o, o.dim, rng);
  // the native engine runs the tables' sparse row work in C++ too; tfjs and js keep the JS loops
  const native = dense.name === 'native' ? loadNative() : null;
  const features = new WorldFeatures(world, o.dim, rng.fork('tables'), (o.features ?? 'all') === 'all', native);
  const counts = itemCounts(world, 'train');
  const perEpoch = Math.min(data.count, o.maxExamples ?? data.count);
  const B = Math.min(o.batchSize, perEpoch);
  const s: LoopState = {
    world, o, data, features, dense, history: { ...DEFAULT_HISTORY, ...o.history }, rng: rng.fork('batches'),
    exactLogQ: null, estimator: null, hard: null,
  };
  const exactQ = batchInclusionProbabilities(counts, B);
  if ((o.frequency ?? 'exact') === 'exact') s.exactLogQ = Float32Array.from(exactQ, (q) => Math.log(Math.max(MIN_Q, q)));
  else s.estimator = new StreamingFrequencyEstimator({ buckets: Math.max(1024, world.items.count * 2), alpha: o.frequencyAlpha ?? 0.05 });
  const stepsPerEpoch = Math.floor(perEpoch / B);
  const losses: number[] = [];
  const epochLoss: number[] = [];
  let miningMs = 0;
  let trainMs = 0;
  let lastYield = performance.now();
  // hard negatives: uniform per-row negatives for the first HARD_WARMUP of training (a fresh model's
  // "top items" are noise), then mined lists refreshed every HARD_WARMUP of the total steps
  const refreshEvery = Math.max(1, Math.floor(stepsPerEpoch * o.epochs * HARD_WARMUP));
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = s.rng.shuffle(Int32Array.from({ length: data.count }, (_, i) => i));
    let sum = 0;
    for (let step = 0; step < stepsPerEpoch; step++) {
      const global = epoch * stepsPerEpoch + step;
      if (o.negatives === 'hard' && global > 0 && global % refreshEvery === 0) {
        const t = performance.now();
        refreshHard(s);
        miningMs += performance.now() - t;
      }
      const t0 = performance.now();
      const loss = trainStep(s, order.subarray(step * B, (step + 1) * B));
      trainMs += performance.now() - t0;
      losses.push(loss);
      sum += loss;
      if (performance.now() - lastYield > 50) {
        await yieldNow();
        throwIfAborted(o.signal);
        lastYield = performance.now();
        const done = epoch * stepsPerEpoch + step + 1;
        o.onProgress?.({ epoch, step: done, totalSteps: stepsPerEpoch * o.epochs, loss, examplesPerSecond: (done * B) / (trainMs / 1000) });
      }
    }
    epochLoss.push(sum / Math.max(1, stepsPerEpoch));
  }
  const tenth = Math.max(1, Math.floor(losses.length / 10));
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
  const steps = losses.length;
  return createModel({
    world, data, features, dense, history: s.history, dim: o.dim,
    samplingProbabilities: s.estimator ? Float64Array.from({ length: world.items.count }, (_, i) => s.estimator!.probability(i)) : exactQ,
    stats: {
      backend, engine: dense.name, steps, examples: steps * B, trainMs, examplesPerSecond: (steps * B) / (trainMs / 1000),
      epochLoss, firstLoss: mean(losses.slice(0, tenth)), lastLoss: mean(losses.slice(-tenth)), estimatedBytes, miningMs,
    },
  });
}
