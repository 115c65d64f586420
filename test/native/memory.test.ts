// The memory kernel (src/native/memory) against its JS reference, a plain Float64Array: the advised array is zeroed,
// has the requested length and keeps what is written; the advice covers exactly the 2 MB-aligned interior; and the
// CUPED adapter that writes into such an array (src/production/rollout/cuped.ts) equals the core's cupedAdjust bit for
// bit, below and above the size where the advice starts. `npm ci` builds the addon; without it these are skipped.
import { describe, expect, it } from 'vitest';
import { cupedAdjust as cupedReference } from '../../src/core/abtest/index.js';
import { Rng } from '../../src/core/rng.js';
import { nativeStatus } from '../../src/native/addon.js';
import { HUGE_ARRAY_BYTES, hugeFloat64Array } from '../../src/native/memory/huge-array.js';
import { cupedAdjust } from '../../src/production/rollout/cuped.js';

const { addon } = nativeStatus();
const MB2 = 2 << 20;

describe.runIf(addon)('native memory kernel', () => {
  it('advises the 2 MB-aligned interior of a large array, and nothing of an array smaller than one aligned page', () => {
    const big = new Float64Array(3 * MB2 / 8 + 5);
    const advised = addon!.adviseHugePages(big, false);
    // the interior holds 2 or 3 whole aligned pages, depending on where the allocator put the array
    expect([2 * MB2, 3 * MB2]).toContain(advised);
    expect(addon!.adviseHugePages(new Float64Array(1000), false)).toBe(0);
    expect(addon!.adviseHugePages(new Float64Array(MB2 / 8 - 1), true)).toBe(0);
  });

  it('gives a zero-filled array of the requested length that keeps what is written, as new Float64Array does', () => {
    for (const n of [0, 7, HUGE_ARRAY_BYTES / 8 - 1, HUGE_ARRAY_BYTES / 8 + 3, 3 * MB2]) {
      const a = hugeFloat64Array(n);
      expect(a).toBeInstanceOf(Float64Array);
      expect(a.length).toBe(n);
      let nonZero = 0;
      for (let i = 0; i < n; i++) if (a[i] !== 0) nonZero++;
      expect(nonZero).toBe(0);
      for (let i = 0; i < n; i++) a[i] = i * 0.5;
      let wrong = 0;
      for (let i = 0; i < n; i++) if (a[i] !== i * 0.5) wrong++;
      expect(wrong).toBe(0);
    }
  });

  it('rejects what is not a typed array, naming the function', () => {
    expect(() => addon!.adviseHugePages([1, 2] as unknown as Float64Array, false)).toThrow(/adviseHugePages: array must be a typed array/);
  });
});

describe('CUPED adapter', () => {
  it('equals the core cupedAdjust bit for bit, small and past the huge-page size (with or without the addon)', () => {
    for (const n of [6, 1000, HUGE_ARRAY_BYTES / 8 + 1001]) {
      const rng = new Rng(n);
      const x = Float64Array.from({ length: n }, () => rng.poisson(3));
      const y = Float64Array.from(x, (v) => 0.6 * v + rng.normal());
      const got = cupedAdjust(y, x);
      const want = cupedReference(y, x);
      expect(got.theta).toBe(want.theta);
      expect(got.varianceReduction).toBe(want.varianceReduction);
      expect(got.adjusted.length).toBe(n);
      let differ = 0;
      for (let i = 0; i < n; i++) if (!Object.is(got.adjusted[i], want.adjusted[i])) differ++;
      expect(differ).toBe(0);
    }
  });
});
