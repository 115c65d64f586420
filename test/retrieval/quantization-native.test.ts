// The native quantization kernels (src/native/quantization) against their JS references
// (src/core/quantization/kernels.ts) — nearestRows, seedUpdate, scoreRows, adcScan: both accumulate in double in the same order, so every index and score must be
// equal, not merely close — on widths that are and are not multiples of the vector width, strided sub-vectors (PQ
// encoding), both metrics, and an inverted file trained, filled and searched with each. Bad arguments are refused
// with a message instead of reading outside a buffer. `npm ci` builds the addon; where CI runs, a missing addon is a
// failure, not a skip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvertedFile } from '../../src/core/quantization/index.js';
import { jsKernels, type QuantKernels } from '../../src/core/quantization/kernels.js';
import { Rng } from '../../src/core/rng.js';
import { nativeStatus } from '../../src/native/addon.js';
import { quantizationEngine } from '../../src/retrieval/quantization-kernels.js';

const { addon, reason } = nativeStatus();
const native = addon as unknown as QuantKernels;
const gaussian = (rng: Rng, n: number) => Float32Array.from({ length: n }, () => rng.normal());

describe.runIf(addon)('native quantization kernels', () => {
  it('nearestRows gives the JS reference’s index and score for every row, both metrics, any stride and offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 19 }), fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 0, max: 5 }), fc.constantFrom<0 | 1>(0, 1),
        (seed, n, width, k, extra, metric) => {
          const rng = new Rng(seed);
          const offset = extra % 3;
          const stride = width + extra;
          const data = gaussian(rng, n * stride);
          const centroids = gaussian(rng, k * width);
          const want = { index: new Int32Array(n), score: new Float64Array(n) };
          const got = { index: new Int32Array(n), score: new Float64Array(n) };
          jsKernels.nearestRows(data, n, stride, offset, width, centroids, k, metric, want.index, want.score);
          native.nearestRows(data, n, stride, offset, width, centroids, k, metric, got.index, got.score);
          expect(got.index).toEqual(want.index);
          expect(got.score).toEqual(want.score);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('nearestRows keeps the lower centroid on a tie, as the reference does', () => {
    const centroids = Float32Array.from([1, 0, 1, 0, -1, 0]);
    const index = new Int32Array(1);
    const score = new Float64Array(1);
    native.nearestRows(Float32Array.from([0, 5]), 1, 2, 0, 2, centroids, 3, 0, index, score);
    expect([index[0], score[0]]).toEqual([0, 26]);
  });

  it('seedUpdate folds in the same distances and returns the same total as the JS reference', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 19 }), fc.integer({ min: 0, max: 3 }), (seed, n, width, extra) => {
        const rng = new Rng(seed);
        const stride = width + extra;
        const data = gaussian(rng, n * stride);
        const centre = gaussian(rng, width);
        const start = Float64Array.from({ length: n }, () => (rng.next() < 0.3 ? Infinity : 10 * rng.next()));
        const want = Float64Array.from(start);
        const got = Float64Array.from(start);
        const wantTotal = jsKernels.seedUpdate(data, n, stride, extra, width, centre, want);
        expect(native.seedUpdate(data, n, stride, extra, width, centre, got)).toBe(wantTotal);
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('scoreRows gives the JS reference’s scores, both metrics, at any query offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 5 }), fc.constantFrom<0 | 1>(0, 1), (seed, k, width, qOffset, metric) => {
        const rng = new Rng(seed);
        const query = gaussian(rng, qOffset + width + 2);
        const rows = gaussian(rng, k * width);
        const want = new Float32Array(k);
        const got = new Float32Array(k);
        jsKernels.scoreRows(query, qOffset, width, rows, k, metric, want);
        native.scoreRows(query, qOffset, width, rows, k, metric, got);
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('adcScan gives the JS reference’s score for every code', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 300 }), (seed, m, nbits, count) => {
        const rng = new Rng(seed);
        const ksub = 1 << nbits;
        const table = gaussian(rng, m * ksub);
        const codes = Uint8Array.from({ length: count * m }, () => rng.int(ksub));
        const base = rng.normal();
        const want = new Float64Array(count);
        const got = new Float64Array(count);
        jsKernels.adcScan(table, m, ksub, codes, count, base, want);
        native.adcScan(table, m, ksub, codes, count, base, got);
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('an inverted file built and searched with either kernel is the same index', () => {
    for (const metric of ['ip', 'l2'] as const) {
      const rng = new Rng(5);
      const dim = 12;
      const n = 1500;
      const data = gaussian(rng, n * dim);
      const build = (kernels: QuantKernels) => {
        const ivf = new InvertedFile({ dim, metric, nlist: 16, encoding: 'pq', pqM: 4, nbits: 6, iterations: 6, kernels });
        ivf.train(data, n, new Rng(9));
        ivf.add(data, n);
        return ivf;
      };
      const a = build(jsKernels);
      const b = build(native);
      expect(b.centroids).toEqual(a.centroids);
      expect(b.pq!.codebooks).toEqual(a.pq!.codebooks);
      expect(b.exportLists()).toEqual(a.exportLists());
      const q = gaussian(rng, dim);
      expect(b.search(q, 10, 4)).toEqual(a.search(q, 10, 4));
    }
  });

  it('refuses arguments that would read outside a buffer', () => {
    const idx = new Int32Array(2);
    const sc = new Float64Array(2);
    expect(() => native.nearestRows(new Float32Array(3), 2, 2, 0, 2, new Float32Array(4), 2, 0, idx, sc)).toThrow(/data holds fewer than n rows/);
    expect(() => native.nearestRows(new Float32Array(4), 2, 2, 1, 2, new Float32Array(4), 2, 0, idx, sc)).toThrow(/offset \+ width ≤ stride/);
    expect(() => native.seedUpdate(new Float32Array(3), 2, 2, 0, 2, new Float32Array(2), new Float64Array(2))).toThrow(/data holds fewer than n rows/);
    expect(() => native.scoreRows(new Float32Array(4), 2, 3, new Float32Array(6), 2, 1, new Float32Array(2))).toThrow(/query shorter than qOffset \+ width/);
    expect(() => native.adcScan(new Float32Array(8), 2, 4, Uint8Array.from([0, 4]), 1, 0, new Float64Array(1))).toThrow(/outside \[0, ksub\)/);
    expect(() => native.adcScan(new Float32Array(8), 2, 4, new Uint8Array(2), 2, 0, new Float64Array(2))).toThrow(/codes or out shorter than count/);
  });

  it('is the engine the compressed indexes use', () => {
    expect(quantizationEngine().engine).toBe(process.env.RECSYS_LAB_QUANT_KERNELS === 'js' ? 'js' : 'native');
  });
});

describe('without the addon', () => {
  it.runIf(process.env.CI)('is built where CI runs (npm ci runs the install script)', () => {
    expect(reason).toBe('loaded');
  });

  it.runIf(!addon)('the compressed indexes take the JS references and say why', () => {
    const e = quantizationEngine();
    expect(e.engine).toBe('js');
    expect(e.kernels).toBe(jsKernels);
    expect(e.reason).toMatch(/native addon/);
  });
});
