// Finite-difference check of the hand-written sampled-softmax gradient (in-batch, shared extra
// negatives, per-row hard negatives, logQ of both signs, accidental-hit and no-in-batch masks).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { sampledSoftmaxLoss, type SampledSoftmaxInput } from '../../../src/core/sampled-softmax/sampled-softmax.js';

function randomInput(rng: Rng, inBatch: boolean, correction: number): SampledSoftmaxInput {
  const B = 4;
  const C = 6;
  const d = 3;
  const k = 2;
  const r = (n: number) => Float32Array.from({ length: n }, () => rng.normal(0, 0.7));
  return {
    u: r(B * d), v: r(C * d), d, hard: r(B * k * d), k,
    rowItem: Int32Array.from([0, 1, 0, 2]), colItem: Int32Array.from([0, 1, 0, 2, 1, 7]),
    logQ: Float32Array.from({ length: C }, () => Math.log(rng.uniform(0.01, 0.5))),
    correction, temperature: 0.3, inBatch,
  };
}

/** Central differences in float64 over float32 storage: step 1e-3 gives ~1e-5 truncation error; tolerance 2e-3 relative covers float32 rounding. */
function fdCheck(x: SampledSoftmaxInput, key: 'u' | 'v' | 'hard', analytic: Float32Array): void {
  const arr = x[key]!;
  const h = 1e-3;
  for (let i = 0; i < arr.length; i++) {
    const keep = arr[i];
    arr[i] = keep + h;
    const up = sampledSoftmaxLoss(x);
    arr[i] = keep - h;
    const down = sampledSoftmaxLoss(x);
    arr[i] = keep;
    const numeric = (up - down) / (2 * h);
    expect(Math.abs(numeric - analytic[i])).toBeLessThan(2e-3 * Math.max(1, Math.abs(numeric)));
  }
}

describe('sampledSoftmaxLoss gradients', () => {
  for (const [inBatch, correction] of [[true, 1], [true, -1], [false, 1], [true, 0]] as const) {
    it(`match finite differences (inBatch=${inBatch}, correction=${correction})`, () => {
      const x = randomInput(new Rng(11 + correction), inBatch, correction);
      const gu = new Float32Array(x.u.length);
      const gv = new Float32Array(x.v.length);
      const gh = new Float32Array(x.hard!.length);
      sampledSoftmaxLoss(x, { gu, gv, gh });
      fdCheck(x, 'u', gu);
      fdCheck(x, 'v', gv);
      fdCheck(x, 'hard', gh);
    });
  }

  it('excludes accidental hits: two rows with the same positive item leave each row only its own column, so the loss is 0', () => {
    const x: SampledSoftmaxInput = {
      u: Float32Array.from([1, 0, 0, 1]), v: Float32Array.from([0, 1, 1, 0]), d: 2,
      rowItem: Int32Array.from([3, 3]), colItem: Int32Array.from([3, 3]),
      logQ: Float32Array.from([-1, -2]), correction: 1, temperature: 0.5, inBatch: true,
    };
    expect(sampledSoftmaxLoss(x)).toBe(0);
    // with different items the other column counts, and the loss is log(1 + e^{(1−0)/0.5 + …}) > 0
    expect(sampledSoftmaxLoss({ ...x, rowItem: Int32Array.from([3, 4]), colItem: Int32Array.from([3, 4]) })).toBeGreaterThan(0.5);
  });
});
