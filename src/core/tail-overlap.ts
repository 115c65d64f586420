/**
 * Whether the slow requests are slow everywhere. Per-stage p99s add up to the end-to-end p99 only when the same
 * requests fill every stage's tail (comonotone stages); when stage tails fall on different requests the sum
 * overstates it, and stalls too rare for any one stage's p99 can make it fall short. This measures how far the
 * tails coincide, instead of asserting it.
 */
import { topK } from './vec.js';

/**
 * Of the slowest `share` of requests end to end (k = ⌈share·n⌉ of them), the fraction that are also among the k
 * slowest of a stage, averaged over the stages. About `share` when a stage's tail is unrelated to the request's,
 * 1 when the same requests are the slowest in every stage. NaN with no requests or no stages.
 */
export function stageTailOverlap(endToEnd: ArrayLike<number>, stages: ArrayLike<number>[], share = 0.01): number {
  const n = endToEnd.length;
  if (n === 0 || stages.length === 0) return NaN;
  if (!(share > 0 && share <= 1)) throw new Error(`stageTailOverlap: share must be in (0, 1], got ${share}`);
  for (const s of stages) if (s.length !== n) throw new Error(`stageTailOverlap: a stage has ${s.length} samples, end to end has ${n}`);
  const k = Math.ceil(share * n);
  const tail = new Set(topK(endToEnd, k)); // ties go to the lower index, so the sets are deterministic
  let sum = 0;
  for (const s of stages) {
    let shared = 0;
    for (const i of topK(s, k)) if (tail.has(i)) shared++;
    sum += shared / k;
  }
  return sum / stages.length;
}
