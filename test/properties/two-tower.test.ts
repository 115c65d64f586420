// Interview point: the logQ correction of in-batch softmax (Yi et al., RecSys 2019) removes the
// popularity bias of in-batch negatives — and does nothing at all when every item is equally likely
// to be sampled, because subtracting the same constant from every logit of a softmax changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampledSoftmaxLoss, type SampledSoftmaxInput } from '../../src/core/sampled-softmax/sampled-softmax.js';
import { StreamingFrequencyEstimator } from '../../src/core/sampled-softmax/frequency-estimator.js';
import { softmaxCase, type SoftmaxCase } from '../arbitraries/two-tower.js';

function inputOf(c: SoftmaxCase, logQ: Float32Array, correction: number): SampledSoftmaxInput {
  return { u: c.u, v: c.v, d: c.d, rowItem: c.rowItem, colItem: c.colItem, logQ, correction, temperature: c.temperature, inBatch: true };
}

function lossAndGrads(x: SampledSoftmaxInput): { loss: number; gu: Float32Array; gv: Float32Array } {
  const gu = new Float32Array(x.u.length);
  const gv = new Float32Array(x.v.length);
  return { loss: sampledSoftmaxLoss(x, { gu, gv }), gu, gv };
}

describe('logQ correction', () => {
  it('with uniform sampling probabilities the corrected loss and gradients equal the uncorrected ones, so training and ranking are unchanged', () => {
    fc.assert(
      fc.property(softmaxCase(), fc.double({ min: 1e-4, max: 1, noNaN: true }), (c, q) => {
        const logQ = new Float32Array(c.colItem.length).fill(Math.log(q));
        const off = lossAndGrads(inputOf(c, logQ, 0));
        const on = lossAndGrads(inputOf(c, logQ, 1));
        // float64 softmax after a constant shift: equal to ~1e-12; 1e-9 relative is far below any real effect
        expect(Math.abs(on.loss - off.loss)).toBeLessThan(1e-9 * Math.max(1, off.loss));
        on.gu.forEach((g, i) => expect(Math.abs(g - off.gu[i])).toBeLessThan(1e-6));
        on.gv.forEach((g, i) => expect(Math.abs(g - off.gv[i])).toBeLessThan(1e-6));
      }),
    );
  });

  it('with non-uniform sampling probabilities the correct and wrong-sign corrections give a row different losses', () => {
    fc.assert(
      fc.property(softmaxCase(), (c) => {
        // distinct items in every column and a strongly skewed q, so the correction must matter
        const distinct = { ...c, rowItem: Int32Array.from(c.rowItem, (_, i) => i), colItem: Int32Array.from(c.colItem, (_, i) => i) };
        const logQ = Float32Array.from(distinct.colItem, (_, j) => Math.log(0.5 / (1 + 4 * j)));
        // one row (the mean over rows can cancel by symmetry when all dot products are equal)
        // temperature 1 keeps the logits in [−5, 5], so the softmax cannot saturate and hide the correction
        const row0 = { ...distinct, temperature: 1, u: distinct.u.subarray(0, c.d), rowItem: distinct.rowItem.subarray(0, 1) };
        const right = sampledSoftmaxLoss(inputOf(row0, logQ, 1));
        const wrong = sampledSoftmaxLoss(inputOf(row0, logQ, -1));
        expect(Math.abs(right - wrong)).toBeGreaterThan(1e-6);
      }),
    );
  });

  it('the streaming estimator of an item seen every δ steps converges to a sampling probability of 1/δ', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 10_000 }), (delta, item) => {
        const est = new StreamingFrequencyEstimator({ buckets: 4096, alpha: 0.1 });
        for (let t = 1; t <= 400; t++) est.update(t % delta === 0 ? [item] : []);
        // α = 0.1 over ≥ 20 sightings: the moving average of a constant gap is within 1% of it
        expect(Math.abs(est.probability(item) * delta - 1)).toBeLessThan(0.02);
      }),
    );
  });
});
