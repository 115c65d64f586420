/**
 * Where a group of items lands in a user's ranking, not just whether it reaches the top K: for MF's items that
 * were never a positive in training, recall@100 = 0 cannot tell "left at chance" from "pushed to the bottom"
 * (a random ranking also puts few of 5,000 items in a top 100). The rank percentile can.
 */
import type { Rng } from '../../core/rng.js';

/**
 * The scores of the candidates (not −∞) whose probe flag is `want`: all `count` of them when at most `max`,
 * else `max` drawn uniformly with replacement (by rejection: about max · N / count draws).
 */
function scoresOf(row: ArrayLike<number>, isProbe: Uint8Array, want: number, count: number, max: number, rng: Rng): Float64Array {
  const out = new Float64Array(Math.min(count, max));
  if (count <= max) {
    let k = 0;
    for (let i = 0; i < row.length; i++) if (row[i] !== -Infinity && isProbe[i] === want) out[k++] = row[i];
    return out;
  }
  for (let k = 0; k < max;) {
    const i = rng.int(row.length);
    if (row[i] !== -Infinity && isProbe[i] === want) out[k++] = row[i];
  }
  return out;
}

/** Entries of the ascending `sorted` below x, and those equal to x. O(log n). */
function below(sorted: Float64Array, x: number): { lt: number; eq: number } {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < sorted.length && sorted[end] === x) end++;
  return { lt: lo, eq: end - lo };
}

/**
 * How far down a user's ranking the probe items (isProbe[i] = 1) sit: for each probe, the share of the user's
 * other candidates (the items that are not probes) scored above it, ties counting half, averaged over the probes.
 * 0 = every probe above every other item, 1 = every probe below every other item, 0.5 = where a random ranking
 * puts them. It is the Mann–Whitney statistic P(s_other > s_probe), i.e. 1 − the AUC of probes against the rest.
 * Items scored −∞ (excluded: the user's own train items) are not candidates. NaN when there is no probe or no
 * other candidate. When there are more than `maxEach` of either, a seeded sample of that many stands in
 * (standard error then below 0.01). O(N + P log P + C log P), with P and C at most maxEach.
 */
export function probeRankPercentile(row: ArrayLike<number>, isProbe: Uint8Array, rng: Rng, maxEach = 4000): number {
  let probes = 0;
  let others = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === -Infinity) continue;
    if (isProbe[i]) probes++;
    else others++;
  }
  if (probes === 0 || others === 0) return NaN;
  const p = scoresOf(row, isProbe, 1, probes, maxEach, rng).sort();
  const c = scoresOf(row, isProbe, 0, others, maxEach, rng);
  // counted from the other items' side: each one is above the probes scored below it
  let above = 0;
  for (const x of c) {
    const { lt, eq } = below(p, x);
    above += lt + 0.5 * eq;
  }
  return above / (p.length * c.length);
}
