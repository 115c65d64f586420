// The random projection behind the `dim` knob: checked against a naive matrix product, and for what it
// preserves (inner products, in expectation — Johnson–Lindenstrauss).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { projectRows, randomProjection } from '../../src/experiments/ann-vectors.js';

describe('projectRows', () => {
  it('equals the naive product rows × R (float32 round-off: 1e-5)', () => {
    const rng = new Rng(2);
    const src = Float32Array.from({ length: 5 * 3 }, () => rng.normal());
    const r = randomProjection(rng, 3, 4);
    const out = projectRows(src, 3, 5, r, 4);
    for (let i = 0; i < 5; i++) {
      for (let d = 0; d < 4; d++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += src[i * 3 + k] * r[k * 4 + d];
        expect(out[i * 4 + d]).toBeCloseTo(s, 5);
      }
    }
  });

  it('copies rows unchanged when no projection is asked for', () => {
    const src = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(projectRows(src, 3, 1, null, 3))).toEqual([1, 2, 3]);
  });

  it('keeps inner products on average: mean relative error over many pairs stays small at dim 256', () => {
    // E[(xR)·(yR)] = x·y with R ~ N(0, 1/dim), and the error's std is √((|x|²|y|² + (x·y)²)/dim) ≈ 16/√256 = 1
    // for |x|, |y| ≈ √16, so the mean absolute error is ≈ 0.8; the bound 2.4 (3× that) fails only if it is broken.
    const rng = new Rng(9);
    const srcDim = 16, dim = 256, rows = 200;
    const src = Float32Array.from({ length: rows * srcDim }, () => rng.normal());
    const out = projectRows(src, srcDim, rows, randomProjection(rng, srcDim, dim), dim);
    let err = 0, scale = 0;
    for (let i = 0; i < rows - 1; i++) {
      let a = 0, b = 0;
      for (let k = 0; k < srcDim; k++) a += src[i * srcDim + k] * src[(i + 1) * srcDim + k];
      for (let d = 0; d < dim; d++) b += out[i * dim + d] * out[(i + 1) * dim + d];
      err += Math.abs(a - b);
      scale += Math.sqrt(16 * 16);
    }
    expect(err / (rows - 1)).toBeLessThan(0.15 * (scale / (rows - 1)));
  });
});
