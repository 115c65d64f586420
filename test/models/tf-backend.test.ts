// The backend picker: an env override that is checked, a memoised choice, and a working backend
// without the optional native package (tfjs-node cannot install here, so wasm or cpu must load).
import { describe, expect, it } from 'vitest';
import { forcedBackend, getTf } from '../../src/models/tf-backend.js';
import { UsageError } from '../../src/core/errors.js';

describe('tf-backend', () => {
  it('reads RECSYS_LAB_TF_BACKEND and rejects unknown names with the allowed list', () => {
    expect(forcedBackend({})).toBeNull();
    expect(forcedBackend({ RECSYS_LAB_TF_BACKEND: 'cpu' })).toBe('cpu');
    expect(forcedBackend({ RECSYS_LAB_TF_BACKEND: 'wasm' })).toBe('wasm');
    expect(() => forcedBackend({ RECSYS_LAB_TF_BACKEND: 'gpu' })).toThrow(UsageError);
    expect(() => forcedBackend({ RECSYS_LAB_TF_BACKEND: 'gpu' })).toThrow(/tensorflow, wasm, cpu/);
  });

  it('loads the forced wasm backend, computes with it, and memoises the choice', async () => {
    const before = process.env.RECSYS_LAB_TF_BACKEND;
    process.env.RECSYS_LAB_TF_BACKEND = 'wasm';
    try {
      const first = await getTf();
      expect(first.backend).toBe('wasm');
      expect(first.tf.getBackend()).toBe('wasm');
      const out = first.tf.matMul(first.tf.tensor2d([[1, 2], [3, 4]]), first.tf.tensor2d([[1], [1]]));
      expect(Array.from(out.dataSync())).toEqual([3, 7]);
      out.dispose();
      const second = await getTf();
      expect(second).toBe(first);
    } finally {
      if (before === undefined) delete process.env.RECSYS_LAB_TF_BACKEND;
      else process.env.RECSYS_LAB_TF_BACKEND = before;
    }
  });
});

describe('tf-backend gradients', () => {
  it('registers tfjs gradient functions (tfjs-core alone has none), so tf.grad works', async () => {
    const { tf } = await getTf();
    const g = tf.grad((x) => tf.mean(tf.square(x)));
    // d/dx mean(x²) = 2x/n, exact in float32 for these small integers up to rounding
    const out = Array.from(g(tf.tensor1d([1, 2, 3])).dataSync());
    expect(out[0]).toBeCloseTo(2 / 3, 6);
    expect(out[2]).toBeCloseTo(2, 6);
  });
});
