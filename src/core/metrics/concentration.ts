import { UsageError } from '../errors.js';

function checkCounts(fn: string, counts: ArrayLike<number>): void {
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!(c >= 0) || !Number.isFinite(c)) throw new UsageError(`${fn}: count ${i} must be finite and ≥ 0, got ${c}`);
  }
}

/**
 * Gini index of exposure counts (0 = every item shown equally often; → 1 = all exposure on one item).
 * With the counts sorted ascending x_(1) ≤ … ≤ x_(n):
 *
 *   G = Σ_{i=1..n} (2i − n − 1) · x_(i) / (n · Σ x)
 *
 * The field disagrees about WHICH items enter n, and it changes the number a lot:
 * - `includeZeros: true` (default): the counts as given — pass one count per catalog item, zeros included,
 *   and never-recommended items count as maximally unequal (the catalog-level view, as in Fleder & Hosanagar).
 * - `includeZeros: false`: only items recommended at least once (the view many papers report; it ignores the
 *   long tail that was never shown, so it looks far more equal).
 * Concentration on one item of n gives (n − 1)/n, so the maximum depends on n.
 * Returns 0 for an empty input or all-zero counts. O(n log n). Throws UsageError on a negative/NaN count.
 */
export function giniIndex(counts: ArrayLike<number>, opts: { includeZeros?: boolean } = {}): number {
  checkCounts('giniIndex', counts);
  const includeZeros = opts.includeZeros ?? true;
  const values: number[] = [];
  for (let i = 0; i < counts.length; i++) if (includeZeros || counts[i] > 0) values.push(counts[i]);
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += sorted[i];
    weighted += (2 * (i + 1) - n - 1) * sorted[i];
  }
  return total > 0 ? weighted / (n * total) : 0;
}

/**
 * Shannon entropy, in bits, of the distribution p_i = counts_i / Σ counts (Shannon, 1948):
 *
 *   H = −Σ p_i log2 p_i   (terms with p_i = 0 contribute 0)
 *
 * Uniform exposure over n items gives log2 n, the maximum; all exposure on one item gives 0.
 * Returns 0 for an empty input or all-zero counts. O(n). Throws UsageError on a negative/NaN count.
 */
export function shannonEntropy(counts: ArrayLike<number>): number {
  checkCounts('shannonEntropy', counts);
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  if (total <= 0) return 0;
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const p = counts[i] / total;
    if (p > 0) h -= p * Math.log2(p);
  }
  return h;
}
