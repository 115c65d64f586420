/**
 * Validation metrics the booster watches for early stopping (LightGBM's Metric, reduced): binary log
 * loss, L2, and mean NDCG@k over queries. Each says whether higher is better.
 */
import { ndcgAtK } from '../metrics/index.js';
import type { ObjectiveName } from './types.js';

export interface EvalMetric {
  name: string;
  higherIsBetter: boolean;
  /** O(n) for log loss and L2; O(Σ n_q log n_q) for NDCG */
  evaluate(rawScores: Float64Array, labels: Float32Array, groups?: Int32Array): number;
}

/** Mean binary log loss of raw scores (probability = σ(raw)), clipped away from 0 and 1. */
export function binaryLogLoss(raw: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(Math.max(1 / (1 + Math.exp(-raw[i])), 1e-15), 1 - 1e-15);
    s -= labels[i] * Math.log(p) + (1 - labels[i]) * Math.log(1 - p);
  }
  return s / labels.length;
}

/** Mean squared error. */
export function meanSquaredError(pred: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s += (pred[i] - labels[i]) ** 2;
  return s / labels.length;
}

/**
 * Mean NDCG@k over queries (gain 2^rel − 1, as LightGBM). A query with no relevant document counts 1,
 * as LightGBM does (any order is ideal). O(Σ n_q log n_q).
 */
export function meanNdcgAtK(scores: ArrayLike<number>, labels: ArrayLike<number>, groups: Int32Array, k: number): number {
  const per = ndcgPerQuery(scores, labels, groups, k);
  let total = 0;
  for (let q = 0; q < per.length; q++) total += per[q];
  return per.length ? total / per.length : NaN;
}

/** NDCG@k of each query (1 for a query with no relevant row, as meanNdcgAtK counts it): what a bootstrap over queries resamples. O(rows log rows). */
export function ndcgPerQuery(scores: ArrayLike<number>, labels: ArrayLike<number>, groups: Int32Array, k: number): Float64Array {
  const out = new Float64Array(groups.length);
  let start = 0;
  for (let q = 0; q < groups.length; q++) {
    const end = start + groups[q];
    let anyRelevant = false;
    for (let i = start; i < end; i++) if (labels[i] > 0) anyRelevant = true;
    out[q] = anyRelevant ? ndcgAtK(sliceOf(labels, start, end), sliceOf(scores, start, end), k) : 1;
    start = end;
  }
  return out;
}

function sliceOf(a: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  return ArrayBuffer.isView(a) ? (a as unknown as Float64Array).subarray(start, end) : Array.prototype.slice.call(a, start, end);
}

export function metricFor(objective: ObjectiveName, evalAt: number[]): EvalMetric {
  if (objective === 'binary') return { name: 'binary_logloss', higherIsBetter: false, evaluate: binaryLogLoss };
  if (objective === 'regression') return { name: 'l2', higherIsBetter: false, evaluate: meanSquaredError };
  const k = evalAt[0] ?? 10;
  return {
    name: `ndcg_at_${k}`,
    higherIsBetter: true,
    evaluate: (raw, labels, groups) => meanNdcgAtK(raw, labels, groups!, k),
  };
}
