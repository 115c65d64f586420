import { UsageError } from '../errors.js';

/**
 * Area under the ROC curve by the Mann–Whitney U statistic (Hanley & McNeil, 1982):
 *
 *   AUC = P(score of a random positive > score of a random negative) + ½ · P(tie)
 *       = (Σ ranks of positives − n₊(n₊ + 1)/2) / (n₊ · n₋), ranks ascending, tied scores get their mid-rank.
 *
 * A label counts as positive when it is > 0 (so graded labels 1..3 are all positives).
 * Complexity O(n log n) (one sort). Throws UsageError on length mismatch, a NaN score, or when either
 * class is empty (AUC is undefined without both a positive and a negative).
 */
export function aucRoc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  if (scores.length !== n) {
    throw new UsageError(`aucRoc: labels and scores must have the same length, got ${n} and ${scores.length}`);
  }
  let nPos = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new UsageError(`aucRoc: score ${i} is NaN`);
    if (labels[i] > 0) nPos++;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) {
    throw new UsageError(`aucRoc: needs at least one positive and one negative label, got ${nPos} positive and ${nNeg} negative`);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const midRank = (i + j) / 2 + 1; // 1-based mid-rank of the tied block [i, j]
    for (let t = i; t <= j; t++) if (labels[order[t]] > 0) rankSumPos += midRank;
    i = j + 1;
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
