/**
 * Target encoding of a high-cardinality categorical: replace each value by the (smoothed) mean label of the rows
 * that carry it. Smoothing is the m-estimate / empirical-Bayes shrinkage of Micci-Barreca (2001):
 *   enc(c) = (Σ_{rows of c} y + m·prior) / (count(c) + m),
 * so a value seen a few times sits near the prior and a frequent one near its own mean.
 */
import { UsageError } from '../errors.js';
import { Rng } from '../rng.js';

export interface TargetEncoding {
  /** label sum and row count per category id */
  sums: Float64Array;
  counts: Float64Array;
  /** the global mean of the rows the encoding was fitted on (the value for unseen categories) */
  prior: number;
  /** m: pseudo-rows of the prior added to every category */
  smoothing: number;
}

/** Called once per label read: `row` is the label's row, `forFold` the fold being encoded (−1: the final fit). */
export type LabelReadHook = (row: number, forFold: number) => void;

function checkInputs(fn: string, categories: Int32Array, labels: ArrayLike<number>, numCategories: number, smoothing: number): void {
  if (categories.length !== labels.length) {
    throw new UsageError(`${fn}: categories and labels must have the same length, got ${categories.length} and ${labels.length}`);
  }
  if (!Number.isInteger(numCategories) || numCategories < 1) {
    throw new UsageError(`${fn}: numCategories must be an integer ≥ 1, got ${numCategories}`);
  }
  if (!(smoothing >= 0) || !Number.isFinite(smoothing)) throw new UsageError(`${fn}: smoothing must be a finite number ≥ 0, got ${smoothing}`);
}

/**
 * Fit an encoding on the rows where `include(row)` is true (all rows by default). Category ids must lie in
 * [0, numCategories). O(n + numCategories). Throws UsageError on mismatched lengths or an out-of-range id.
 */
export function fitTargetEncoding(
  categories: Int32Array,
  labels: ArrayLike<number>,
  numCategories: number,
  smoothing: number,
  include?: (row: number) => boolean,
  onRead?: (row: number) => void,
): TargetEncoding {
  checkInputs('fitTargetEncoding', categories, labels, numCategories, smoothing);
  const sums = new Float64Array(numCategories);
  const counts = new Float64Array(numCategories);
  let total = 0;
  let n = 0;
  for (let r = 0; r < categories.length; r++) {
    if (include && !include(r)) continue;
    const c = categories[r];
    if (!(c >= 0 && c < numCategories)) throw new UsageError(`fitTargetEncoding: category id at row ${r} must be in [0, ${numCategories}), got ${c}`);
    onRead?.(r);
    const y = labels[r];
    sums[c] += y;
    counts[c] += 1;
    total += y;
    n++;
  }
  return { sums, counts, prior: n > 0 ? total / n : 0, smoothing };
}

/** Encode category ids with a fitted encoding; ids never seen (or out of range) get the prior. O(n). */
export function applyTargetEncoding(encoding: TargetEncoding, categories: Int32Array): Float64Array {
  const out = new Float64Array(categories.length);
  const { sums, counts, prior, smoothing: m } = encoding;
  for (let r = 0; r < categories.length; r++) {
    const c = categories[r];
    const count = c >= 0 && c < counts.length ? counts[c] : 0;
    out[r] = count + m > 0 ? (sums[c] + m * prior) / (count + m) : prior;
  }
  return out;
}

export interface TargetEncodeOptions {
  method: 'naive' | 'out-of-fold';
  /** number of distinct category ids; default max id + 1 */
  numCategories?: number;
  /** m in the smoothing formula; default 10 */
  smoothing?: number;
  /** k for out-of-fold; default 5 */
  folds?: number;
  /** seed of the random fold assignment; default 0 */
  seed?: number;
  /** instrumentation: see LabelReadHook */
  onLabelRead?: LabelReadHook;
}

export interface TargetEncodeResult {
  /** encoded training rows */
  train: Float64Array;
  /** fold of each training row (out-of-fold only) */
  fold?: Int32Array;
  /** the encoding fitted on every training row: apply it to test and serving rows */
  encoder: TargetEncoding;
}

/** Balanced random folds: a seeded shuffle of the rows, then row i of the shuffle goes to fold i mod k. O(n). */
export function assignFolds(n: number, k: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  new Rng(seed).shuffle(order);
  const fold = new Int32Array(n);
  for (let i = 0; i < n; i++) fold[order[i]] = i % k;
  return fold;
}

/**
 * Target-encode a training column.
 *
 * Leakage guarantees:
 * - 'naive' gives NONE: each row's encoding includes its own label, so for a value seen once the feature is
 *   (y + m·prior)/(1 + m) — a shrunk copy of the answer. Offline metrics on these rows are optimistic; the model
 *   learns to trust a feature that, on new rows, no longer contains the label.
 * - 'out-of-fold': rows are split into k random folds; a row in fold f is encoded from the labels of the other
 *   k − 1 folds only (including the prior, which is the other folds' mean). A row's own label is never read
 *   while encoding it — `onLabelRead` reports every read with the fold being encoded, so a test can check it.
 * - In both modes `encoder` is fitted on all training rows and is what test and serving rows get; it never
 *   sees a test label.
 * Complexity: naive O(n + C); out-of-fold O(k·(n + C)) time, O(n + C) extra memory.
 * Throws UsageError for mismatched lengths, negative ids, folds < 2 or > n, or negative smoothing.
 */
export function targetEncode(categories: Int32Array, labels: ArrayLike<number>, options: TargetEncodeOptions): TargetEncodeResult {
  const smoothing = options.smoothing ?? 10;
  let maxId = -1;
  for (let r = 0; r < categories.length; r++) if (categories[r] > maxId) maxId = categories[r];
  const numCategories = options.numCategories ?? Math.max(1, maxId + 1);
  checkInputs('targetEncode', categories, labels, numCategories, smoothing);
  const hook = options.onLabelRead;
  const encoder = fitTargetEncoding(categories, labels, numCategories, smoothing, undefined, hook && ((r) => hook(r, -1)));
  if (options.method === 'naive') return { train: applyTargetEncoding(encoder, categories), encoder };
  if (options.method !== 'out-of-fold') {
    throw new UsageError(`targetEncode: unknown method "${String(options.method)}"; known methods: naive, out-of-fold`);
  }
  const k = options.folds ?? 5;
  if (!Number.isInteger(k) || k < 2 || k > categories.length) {
    throw new UsageError(`targetEncode: folds must be an integer in [2, rows=${categories.length}], got ${k}`);
  }
  const fold = assignFolds(categories.length, k, options.seed ?? 0);
  const train = new Float64Array(categories.length);
  for (let f = 0; f < k; f++) {
    const enc = fitTargetEncoding(categories, labels, numCategories, smoothing, (r) => fold[r] !== f, hook && ((r) => hook(r, f)));
    const { sums, counts, prior, smoothing: m } = enc;
    for (let r = 0; r < categories.length; r++) {
      if (fold[r] !== f) continue;
      const c = categories[r];
      train[r] = counts[c] + m > 0 ? (sums[c] + m * prior) / (counts[c] + m) : prior;
    }
  }
  return { train, fold, encoder };
}
