/**
 * Quantile binning of feature columns (LightGBM's BinMapper, greedy find-bin reduced).
 *
 * Each feature gets at most `maxBin` value bins whose boundaries depend only on the *order* of the
 * sampled values (rank-based cuts, midpoints between neighbouring distinct values), so any strictly
 * increasing transform of a column gives the same bin of every training row — the reason trees are
 * indifferent to feature scaling. NaN goes to one extra "missing" bin per feature (index = numValueBins).
 */
import { UsageError } from '../errors.js';
import type { Rng } from '../rng.js';

export interface BinMapper {
  /** value bins of each feature (the missing bin is `numValueBins[f]`) */
  numValueBins: Int32Array;
  /** upper bounds: value v of feature f goes to the first bin b with v ≤ upperBounds[f][b]; last bin unbounded */
  upperBounds: Float64Array[];
  /** whether feature f had NaN in the sample (otherwise the missing bin stays empty in training) */
  hasMissing: Uint8Array;
  /** offset of feature f in a flat histogram: Σ_{g<f} (numValueBins[g] + 1) */
  histOffset: Int32Array;
  totalBins: number;
}

/**
 * Bin boundaries from the sorted distinct values and their counts: each distinct value its own bin when
 * there are ≤ maxBin of them, else greedy cuts targeting equal counts (recomputed on what is left, so a
 * heavy value gets a bin of its own). Returns the upper bounds (length = bins − 1).
 * O(d) for d distinct values.
 */
export function greedyBounds(distinct: Float64Array, counts: Int32Array, maxBin: number): Float64Array {
  const d = distinct.length;
  if (d <= 1) return new Float64Array(0);
  if (d <= maxBin) {
    const out = new Float64Array(d - 1);
    for (let i = 0; i < d - 1; i++) out[i] = midpoint(distinct[i], distinct[i + 1]);
    return out;
  }
  let remaining = 0;
  for (let i = 0; i < d; i++) remaining += counts[i];
  const bounds: number[] = [];
  let binsLeft = maxBin;
  let acc = 0;
  for (let i = 0; i < d - 1 && binsLeft > 1; i++) {
    acc += counts[i];
    const target = remaining / binsLeft;
    // cut when this bin is full, or when the next value alone would overfill it
    if (acc >= target || acc + counts[i + 1] > target * 1.5 || d - 1 - i <= binsLeft - 1) {
      bounds.push(midpoint(distinct[i], distinct[i + 1]));
      remaining -= acc;
      acc = 0;
      binsLeft--;
    }
  }
  return Float64Array.from(bounds);
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  // keep a < m < b exactly so the bin of every sampled value is order-determined
  return m > a && m < b ? m : a;
}

/**
 * Build a BinMapper from a sample of rows of a row-major matrix.
 * Complexity O(F · s log s) for s sampled rows. Throws UsageError for maxBin outside 2..255.
 */
export function buildBinMapper(
  features: Float32Array,
  numRows: number,
  numFeatures: number,
  maxBin: number,
  sampleCount: number,
  rng: Rng,
): BinMapper {
  if (!(Number.isInteger(maxBin) && maxBin >= 2 && maxBin <= 255)) {
    throw new UsageError(`gbdt: maxBin must be an integer in 2..255 (bins are Uint8 with one extra missing bin), got ${maxBin}`);
  }
  const sample = sampleRows(numRows, sampleCount, rng);
  const numValueBins = new Int32Array(numFeatures);
  const upperBounds: Float64Array[] = [];
  const hasMissing = new Uint8Array(numFeatures);
  const column = new Float64Array(sample.length);
  for (let f = 0; f < numFeatures; f++) {
    let m = 0;
    for (let i = 0; i < sample.length; i++) {
      const v = features[sample[i] * numFeatures + f];
      if (Number.isNaN(v)) hasMissing[f] = 1;
      else column[m++] = v;
    }
    const sorted = column.subarray(0, m).sort();
    const { distinct, counts } = distinctCounts(sorted);
    const bounds = greedyBounds(distinct, counts, maxBin);
    upperBounds.push(bounds);
    numValueBins[f] = bounds.length + 1;
  }
  const histOffset = new Int32Array(numFeatures);
  let total = 0;
  for (let f = 0; f < numFeatures; f++) {
    histOffset[f] = total;
    total += numValueBins[f] + 1;
  }
  return { numValueBins, upperBounds, hasMissing, histOffset, totalBins: total };
}

function sampleRows(numRows: number, sampleCount: number, rng: Rng): Int32Array {
  if (numRows <= sampleCount) {
    const all = new Int32Array(numRows);
    for (let i = 0; i < numRows; i++) all[i] = i;
    return all;
  }
  return rng.sampleWithoutReplacement(numRows, sampleCount).sort();
}

function distinctCounts(sorted: Float64Array): { distinct: Float64Array; counts: Int32Array } {
  const distinct = new Float64Array(sorted.length);
  const counts = new Int32Array(sorted.length);
  let d = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (d < 0 || sorted[i] !== distinct[d]) {
      d++;
      distinct[d] = sorted[i];
    }
    counts[d]++;
  }
  return { distinct: distinct.slice(0, d + 1), counts: counts.slice(0, d + 1) };
}

/** Bin of value v given a feature's upper bounds (binary search); NaN → the missing bin. O(log bins). */
export function valueToBin(v: number, bounds: Float64Array): number {
  if (Number.isNaN(v)) return bounds.length + 1;
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= bounds[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Bin every row into a row-major Uint8Array (numRows × numFeatures): the histogram reads all of a row's
 * bins at once (see histogram.ts for the measurement behind row-major). O(n · F · log bins).
 */
export function binRows(features: Float32Array, numRows: number, numFeatures: number, mapper: BinMapper): Uint8Array {
  const bins = new Uint8Array(numRows * numFeatures);
  const bounds = mapper.upperBounds;
  for (let r = 0; r < numRows; r++) {
    const p = r * numFeatures;
    for (let f = 0; f < numFeatures; f++) bins[p + f] = valueToBin(features[p + f], bounds[f]);
  }
  return bins;
}
