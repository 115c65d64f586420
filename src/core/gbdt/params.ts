/**
 * Parameter checks and defaults, one place (LightGBM's Config::CheckParamConflict, reduced). Every bad
 * value throws a UsageError naming the parameter and the allowed range.
 */
import { UsageError } from '../errors.js';
import { objectiveNames } from './objectives.js';
import { JS_TRAIN_KERNELS, type GbdtTrainKernels } from './kernels.js';
import type { GbdtData, GbdtParams, ObjectiveName } from './types.js';

export interface ResolvedParams extends Required<Omit<GbdtParams, 'valid' | 'onIteration' | 'kernels'>> {
  valid?: GbdtData;
  kernels: GbdtTrainKernels;
  onIteration?: GbdtParams['onIteration'];
}

function intIn(name: string, v: number, lo: number, hi = Number.MAX_SAFE_INTEGER): number {
  if (!(Number.isInteger(v) && v >= lo && v <= hi)) throw new UsageError(`gbdt: ${name} must be an integer in ${lo}..${hi === Number.MAX_SAFE_INTEGER ? '∞' : hi}, got ${v}`);
  return v;
}

function fraction(name: string, v: number): number {
  if (!(v > 0 && v <= 1)) throw new UsageError(`gbdt: ${name} must be in (0, 1], got ${v}`);
  return v;
}

export function validateParams(p: GbdtParams): ResolvedParams {
  if (!objectiveNames().includes(p.objective)) {
    throw new UsageError(`gbdt: unknown objective "${String(p.objective)}"; known objectives: ${objectiveNames().join(', ')}`);
  }
  if (!(p.learningRate > 0)) throw new UsageError(`gbdt: learningRate must be > 0, got ${p.learningRate}`);
  if (!(p.lambdaL2 >= 0)) throw new UsageError(`gbdt: lambdaL2 must be ≥ 0, got ${p.lambdaL2}`);
  const minHess = p.minSumHessianInLeaf ?? 1e-3;
  if (!(minHess >= 0)) throw new UsageError(`gbdt: minSumHessianInLeaf must be ≥ 0, got ${minHess}`);
  const evalAt = p.evalAt ?? [10];
  for (const k of evalAt) intIn('evalAt', k, 1);
  return {
    objective: p.objective,
    numTrees: intIn('numTrees', p.numTrees, 1),
    learningRate: p.learningRate,
    numLeaves: intIn('numLeaves', p.numLeaves, 2, 131072),
    maxDepth: p.maxDepth === undefined || p.maxDepth <= 0 ? 0 : intIn('maxDepth', p.maxDepth, 1),
    minDataInLeaf: intIn('minDataInLeaf', p.minDataInLeaf, 1),
    maxBin: intIn('maxBin', p.maxBin, 2, 255),
    lambdaL2: p.lambdaL2,
    minSumHessianInLeaf: minHess,
    featureFraction: fraction('featureFraction', p.featureFraction ?? 1),
    baggingFraction: fraction('baggingFraction', p.baggingFraction ?? 1),
    earlyStoppingRounds: p.earlyStoppingRounds === undefined ? 0 : intIn('earlyStoppingRounds', p.earlyStoppingRounds, 0),
    valid: p.valid,
    evalAt,
    seed: p.seed,
    sigmoid: p.sigmoid ?? 1,
    truncationLevel: p.truncationLevel ?? 30,
    lambdarankNorm: p.lambdarankNorm ?? true,
    binSampleCount: intIn('binSampleCount', p.binSampleCount ?? 200000, 1),
    onIteration: p.onIteration,
    kernels: p.kernels ?? JS_TRAIN_KERNELS,
  };
}

/** Checks shapes; returns the number of rows. */
export function validateData(d: GbdtData, what: string, objective: ObjectiveName, expectFeatures?: number): number {
  const F = d.numFeatures;
  if (!(Number.isInteger(F) && F >= 1)) throw new UsageError(`gbdt: ${what}.numFeatures must be an integer ≥ 1, got ${F}`);
  if (expectFeatures !== undefined && F !== expectFeatures) throw new UsageError(`gbdt: ${what}.numFeatures must equal the training data's ${expectFeatures}, got ${F}`);
  const n = d.labels.length;
  if (n < 1) throw new UsageError(`gbdt: ${what} has no rows`);
  if (d.features.length !== n * F) throw new UsageError(`gbdt: ${what}.features has ${d.features.length} values, need rows × numFeatures = ${n} × ${F}`);
  if (d.weights && d.weights.length !== n) throw new UsageError(`gbdt: ${what}.weights has ${d.weights.length} values, need ${n}`);
  if (objective === 'binary') {
    for (let i = 0; i < n; i++) if (d.labels[i] !== 0 && d.labels[i] !== 1) throw new UsageError(`gbdt: binary labels must be 0 or 1, got ${d.labels[i]} at row ${i} of ${what}`);
  }
  if (objective === 'lambdarank') {
    if (!d.groups) throw new UsageError(`gbdt: objective "lambdarank" needs ${what}.groups (query sizes)`);
    let s = 0;
    for (let q = 0; q < d.groups.length; q++) {
      if (!(d.groups[q] >= 1)) throw new UsageError(`gbdt: ${what}.groups[${q}] must be ≥ 1, got ${d.groups[q]}`);
      s += d.groups[q];
    }
    if (s !== n) throw new UsageError(`gbdt: ${what}.groups must sum to the number of rows ${n}, got ${s}`);
  }
  return n;
}
