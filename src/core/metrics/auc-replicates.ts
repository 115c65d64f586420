/**
 * Bootstrap replicates of a ROC AUC without re-sorting: the rows are sorted by score once, and a resample is a
 * vector of counts (how often each row was drawn), so each replicate is one O(n) pass of the weighted
 * Mann–Whitney sum — the resampled rows' AUC, ties counted one half, exactly as `aucRoc` counts them.
 */
import { UsageError } from '../errors.js';
import type { Bootstrap } from '../resample.js';

/**
 * B replicates of the AUC of `scores` against `labels` (> 0 is positive) over resampled rows of `population`
 * (all `labels.length` rows are the population, so replicates are paired with every other metric over the same
 * rows); `subset` restricts the AUC to some rows (e.g. impressions of unseen items) while the resample stays
 * shared. A replicate with no positive or no negative is NaN (the claim judge skips it). O(B · n) after one sort.
 * `groupSize` > 1 resamples whole groups of that many consecutive rows (a positive and its matched negatives, asked
 * at one request: rows that are not independent); the population then has labels.length / groupSize units.
 */
export function aucReplicates(boot: Bootstrap, population: string, labels: ArrayLike<number>, scores: ArrayLike<number>, subset?: ArrayLike<number>, groupSize = 1): Float64Array {
  const n = labels.length;
  if (!(Number.isInteger(groupSize) && groupSize >= 1 && n % groupSize === 0)) {
    throw new UsageError(`aucReplicates: groupSize must be a whole divisor of the ${n} rows, got ${groupSize}`);
  }
  const rows = subset ? Int32Array.from(subset) : Int32Array.from({ length: n }, (_, i) => i);
  rows.sort((a, b) => scores[a] - scores[b]);
  // what every replicate reads, laid out once: each sorted row's label side, and where each block of tied scores ends
  const positive = Uint8Array.from(rows, (r) => (labels[r] > 0 ? 1 : 0));
  const ends: number[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && scores[rows[j]] === scores[rows[i]]) j++;
    ends.push(j);
    i = j;
  }
  const blockEnd = Int32Array.from(ends);
  const counts = new Int32Array(n);
  return boot.statistic(population, n / groupSize, (idx) => {
    counts.fill(0);
    if (groupSize === 1) for (let i = 0; i < idx.length; i++) counts[idx[i]]++;
    else for (let i = 0; i < idx.length; i++) for (let r = idx[i] * groupSize, end = r + groupSize; r < end; r++) counts[r]++;
    let negBelow = 0;
    let pos = 0;
    let neg = 0;
    let num = 0;
    for (let b = 0, i = 0; b < blockEnd.length; b++) {
      const j = blockEnd[b];
      let p = 0;
      let q = 0;
      // a block of tied scores
      for (; i < j; i++) {
        const w = counts[rows[i]];
        if (positive[i]) p += w;
        else q += w;
      }
      num += p * negBelow + 0.5 * p * q;
      negBelow += q;
      pos += p;
      neg += q;
    }
    return pos > 0 && neg > 0 ? num / (pos * neg) : NaN;
  });
}
