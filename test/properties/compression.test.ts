// Interview point: "100M items × 128 floats is 51 GB — how do you fit the index?" Inverted files probe a few cells,
// product quantization stores m bytes per vector and scores them from a per-query table. Each property below is a
// definition a candidate should be able to state, checked on generated data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adcScore,
  adcTable,
  decodeScalar,
  decodeVector,
  encodeScalar,
  encodeVectors,
  InvertedFile,
  kmeans,
  scalarQueryTerms,
  trainProductQuantizer,
  trainScalarQuantizer,
} from '../../src/core/quantization/index.js';
import { Rng } from '../../src/core/rng.js';
import { topK } from '../../src/core/vec.js';

const gaussian = (rng: Rng, n: number, dim: number) => Float32Array.from({ length: n * dim }, () => rng.normal());
const ip = (a: Float32Array, ao: number, b: Float32Array, bo: number, dim: number) => {
  let s = 0;
  for (let d = 0; d < dim; d++) s += a[ao + d] * b[bo + d];
  return s;
};

describe('k-means', () => {
  it('never increases its objective from one iteration to the next', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 6 }), (seed, k, dim) => {
        const rng = new Rng(seed);
        const n = 40 + k * 5;
        const r = kmeans(gaussian(rng, n, dim), n, dim, k, rng.fork('km'), { iterations: 15, tolerance: 0 });
        for (let i = 1; i < r.objective.length; i++) expect(r.objective[i]).toBeLessThanOrEqual(r.objective[i - 1] * (1 + 1e-9));
      }),
      { numRuns: 40 },
    );
  });

  it('leaves every point assigned to its nearest centroid', () => {
    const rng = new Rng(5);
    const data = gaussian(rng, 200, 3);
    const r = kmeans(data, 200, 3, 8, rng);
    for (let i = 0; i < 200; i++) {
      let best = Infinity;
      for (let c = 0; c < 8; c++) {
        let d2 = 0;
        for (let d = 0; d < 3; d++) d2 += (data[i * 3 + d] - r.centroids[c * 3 + d]) ** 2;
        best = Math.min(best, d2);
      }
      let own = 0;
      for (let d = 0; d < 3; d++) own += (data[i * 3 + d] - r.centroids[r.assignments[i] * 3 + d]) ** 2;
      expect(own).toBeCloseTo(best, 5);
    }
  });
});

describe('product quantization', () => {
  it("the asymmetric distance equals the exact score against the decoded vector (ip and l2)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(1, 2, 4, 8), fc.constantFrom(2, 4, 8), (seed, m, nbits) => {
        const rng = new Rng(seed);
        const dim = 8;
        const n = Math.max(64, 1 << nbits);
        const data = gaussian(rng, n, dim);
        const pq = trainProductQuantizer(data, n, dim, rng, { m, nbits, iterations: 5 });
        const codes = encodeVectors(pq, data, n);
        const q = gaussian(rng, 1, dim);
        const tIp = adcTable(pq, q, 'ip');
        const tL2 = adcTable(pq, q, 'l2');
        for (let i = 0; i < 10; i++) {
          const x = decodeVector(pq, codes, i * m);
          let l2 = 0;
          for (let d = 0; d < dim; d++) l2 -= (q[d] - x[d]) ** 2;
          expect(adcScore(tIp, codes, i * m, m, pq.ksub)).toBeCloseTo(ip(q, 0, x, 0, dim), 4);
          expect(adcScore(tL2, codes, i * m, m, pq.ksub)).toBeCloseTo(l2, 4);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('each code is the nearest sub-centroid: decoding never lands farther than any other code would', () => {
    const rng = new Rng(9);
    const dim = 4;
    const data = gaussian(rng, 300, dim);
    const pq = trainProductQuantizer(data, 300, dim, rng, { m: 2, nbits: 4 });
    const codes = encodeVectors(pq, data, 300);
    // checked in plain code: every (vector, sub-space, code) nearer than the chosen one, collected for one expect
    const nearer: { i: number; j: number; code: number; c: number; own: number; other: number }[] = [];
    for (let i = 0; i < 50; i++) {
      for (let j = 0; j < 2; j++) {
        const dist = (c: number) => {
          let s = 0;
          for (let t = 0; t < 2; t++) s += (data[i * dim + j * 2 + t] - pq.codebooks[(j * pq.ksub + c) * 2 + t]) ** 2;
          return s;
        };
        const code = codes[i * 2 + j];
        for (let c = 0; c < pq.ksub; c++) if (!(dist(code) <= dist(c) + 1e-6)) nearer.push({ i, j, code, c, own: dist(code), other: dist(c) });
      }
    }
    expect(nearer).toEqual([]);
  });
});

describe('the inverted file', () => {
  it('with nprobe = nlist is exact search', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom<'ip' | 'l2'>('ip', 'l2'), (seed, metric) => {
        const rng = new Rng(seed);
        const dim = 6;
        const n = 300;
        const data = gaussian(rng, n, dim);
        const ivf = new InvertedFile({ dim, metric, nlist: 8, encoding: 'flat', iterations: 5 });
        ivf.train(data, n, rng);
        ivf.add(data, n);
        const q = gaussian(rng, 1, dim);
        const exact = Float32Array.from({ length: n }, (_, i) => (metric === 'ip' ? ip(q, 0, data, i * dim, dim) : -Array.from({ length: dim }, (_, d) => (q[d] - data[i * dim + d]) ** 2).reduce((a, b) => a + b, 0)));
        const r = ivf.search(q, 10, 8);
        expect(Array.from(r.ids)).toEqual(Array.from(topK(exact, 10)));
        expect(r.scanned).toBe(n);
      }),
      { numRuns: 25 },
    );
  });

  it('scans fewer vectors as nprobe falls, and finds most true neighbours at a few probes on clustered data', () => {
    const rng = new Rng(21);
    const dim = 16;
    const centres = gaussian(rng, 20, dim).map((v) => v * 4);
    // 2,000 points (was 4,000; k-means and the PQ codebooks cost in proportion): recall 0.935 here (0.925 at 4,000),
    // and with x encoded instead of the residual x − c 0.18 (0.065 at 4,000), still far below the 0.5 this asserts;
    // scanned 25% of the points at 8 of 32 probes either way
    const n = 2000;
    const data = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) data[i * dim + d] = centres[(i % 20) * dim + d] + rng.normal();
    const ivf = new InvertedFile({ dim, metric: 'l2', nlist: 32, encoding: 'pq', pqM: 8, nbits: 8, iterations: 8 });
    ivf.train(data, n, rng);
    ivf.add(data, n);
    let found = 0;
    let scanned = 0;
    for (let t = 0; t < 20; t++) {
      const qi = rng.int(n);
      const q = data.subarray(qi * dim, (qi + 1) * dim);
      const exact = new Float32Array(n);
      for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) exact[i] -= (q[d] - data[i * dim + d]) ** 2;
      const truth = new Set(topK(exact, 10));
      const r = ivf.search(q, 10, 8);
      scanned += r.scanned;
      found += Array.from(r.ids).filter((id) => truth.has(id)).length;
    }
    expect(scanned / 20).toBeLessThan(n * 0.6);
    // recall@10 of IVF-PQ (8 bytes a vector, no re-ranking) on well-separated clusters (figures above)
    expect(found / 200).toBeGreaterThan(0.5);
  });
});

describe('8-bit scalar quantization', () => {
  it('decodes every coordinate within half a step of its value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const rng = new Rng(seed);
        const dim = 5;
        const data = gaussian(rng, 50, dim);
        const sq = trainScalarQuantizer(data, 50, dim);
        const codes = encodeScalar(sq, data, 50);
        // checked in plain code: every coordinate decoded more than half a step away, with its place, for one expect
        const far: { i: number; d: number; decoded: number; value: number; step: number }[] = [];
        for (let i = 0; i < 50; i++) {
          const x = decodeScalar(sq, codes, i * dim);
          for (let d = 0; d < dim; d++) if (!(Math.abs(x[d] - data[i * dim + d]) <= sq.step[d] / 2 + 1e-5)) far.push({ i, d, decoded: x[d], value: data[i * dim + d], step: sq.step[d] });
        }
        expect(far).toEqual([]);
      }),
    );
  });

  it('scores a code from the query terms exactly as the decoded vector would', () => {
    const rng = new Rng(4);
    const dim = 7;
    const data = gaussian(rng, 20, dim);
    const sq = trainScalarQuantizer(data, 20, dim);
    const codes = encodeScalar(sq, data, 20);
    const q = gaussian(rng, 1, dim);
    const { base, weights } = scalarQueryTerms(sq, q);
    for (let i = 0; i < 20; i++) {
      let s = base;
      for (let d = 0; d < dim; d++) s += weights[d] * codes[i * dim + d];
      expect(s).toBeCloseTo(ip(q, 0, decodeScalar(sq, codes, i * dim), 0, dim), 4);
    }
  });
});
