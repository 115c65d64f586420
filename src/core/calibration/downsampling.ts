/**
 * Undo negative down-sampling: a model trained on all positives and a share w of the negatives sees the odds
 * multiplied by 1/w, so its probability q maps back to p = q / (q + (1 − q)/w) (He et al., "Practical Lessons
 * from Predicting Clicks on Ads at Facebook", ADKDD 2014). O(n).
 */
import { UsageError } from '../errors.js';

export function correctDownsampledProbability(probs: ArrayLike<number>, negativeKeepRate: number): Float64Array {
  if (!(negativeKeepRate > 0 && negativeKeepRate <= 1)) {
    throw new UsageError(`correctDownsampledProbability: negativeKeepRate must be in (0, 1], got ${negativeKeepRate}`);
  }
  const out = new Float64Array(probs.length);
  for (let i = 0; i < probs.length; i++) {
    const q = probs[i];
    out[i] = q / (q + (1 - q) / negativeKeepRate);
  }
  return out;
}
