/**
 * Expected calibration error and the reliability curve: how far predicted probabilities sit from the observed
 * rate of positives, bin by bin (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017; the
 * reliability diagram of DeGroot & Fienberg, 1983). Equal-width bins on [0, 1]: row i falls in bin
 * ⌊p·bins⌋, with p = 1 in the last bin (the last bin is closed). Pure, O(n + bins).
 */
import { UsageError } from '../errors.js';

export interface ReliabilityCurve {
  /** left edge of each bin (bin b covers [b/bins, (b+1)/bins), the last one closed) */
  lower: Float64Array;
  upper: Float64Array;
  /** rows in each bin */
  count: Float64Array;
  /** mean predicted probability of the rows in each bin (NaN for an empty bin) */
  meanPredicted: Float64Array;
  /** mean label (the observed rate of positives) of the rows in each bin (NaN for an empty bin) */
  fractionPositive: Float64Array;
}

function checkInputs(fn: string, labels: ArrayLike<number>, probs: ArrayLike<number>, bins: number): void {
  if (labels.length !== probs.length) {
    throw new UsageError(`${fn}: labels and probs must have the same length, got ${labels.length} and ${probs.length}`);
  }
  if (labels.length === 0) throw new UsageError(`${fn}: needs at least one row, got 0`);
  if (!Number.isInteger(bins) || bins < 1) throw new UsageError(`${fn}: bins must be an integer ≥ 1, got ${bins}`);
}

/** Bin sums in one pass: counts, Σp and Σlabel per bin. Throws on a probability outside [0, 1] or a label outside [0, 1]. */
function binSums(fn: string, labels: ArrayLike<number>, probs: ArrayLike<number>, bins: number) {
  checkInputs(fn, labels, probs, bins);
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    const y = labels[i];
    if (!(p >= 0 && p <= 1)) throw new UsageError(`${fn}: probs[${i}] must be in [0, 1], got ${p}`);
    if (!(y >= 0 && y <= 1)) throw new UsageError(`${fn}: labels[${i}] must be in [0, 1], got ${y}`);
    let b = Math.floor(p * bins);
    if (b >= bins) b = bins - 1; // p = 1 belongs to the last, closed bin
    count[b]++;
    sumP[b] += p;
    sumY[b] += y;
  }
  return { count, sumP, sumY };
}

/**
 * ECE = Σ_b (n_b / n) · |mean p in b − mean label in b| over equal-width bins on [0, 1] (empty bins add nothing).
 * Labels are 0/1 (or soft labels in [0, 1]); argument order as `aucRoc(labels, scores)`. O(n + bins).
 * Throws UsageError on a length mismatch, no rows, bins < 1, or a probability or label outside [0, 1].
 */
export function expectedCalibrationError(labels: ArrayLike<number>, probs: ArrayLike<number>, bins = 10): number {
  const { count, sumP, sumY } = binSums('expectedCalibrationError', labels, probs, bins);
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) ece += Math.abs(sumP[b] - sumY[b]); // n_b/n · |Σp/n_b − Σy/n_b|
  return ece / probs.length;
}

/** The reliability curve behind the ECE: per bin, its edges, row count, mean prediction and observed rate. O(n + bins). */
export function reliabilityCurve(labels: ArrayLike<number>, probs: ArrayLike<number>, bins = 10): ReliabilityCurve {
  const { count, sumP, sumY } = binSums('reliabilityCurve', labels, probs, bins);
  const lower = Float64Array.from({ length: bins }, (_, b) => b / bins);
  const upper = Float64Array.from({ length: bins }, (_, b) => (b + 1) / bins);
  const meanPredicted = Float64Array.from({ length: bins }, (_, b) => (count[b] > 0 ? sumP[b] / count[b] : Number.NaN));
  const fractionPositive = Float64Array.from({ length: bins }, (_, b) => (count[b] > 0 ? sumY[b] / count[b] : Number.NaN));
  return { lower, upper, count, meanPredicted, fractionPositive };
}
