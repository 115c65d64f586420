// topK against the plain heap it replaced: the same indices in the same order for every input, NaN, ties, ±0 and ±∞
// included, on each of its paths (heap, every index kept, selection from a sampled cut-off, the full-selection
// fallback when the sample misleads).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topK } from '../../src/core/vec.js';

/** The reference: a min-heap over every score, then Array.prototype.sort with (scores[y] − scores[x]) || x − y. */
function heapTopK(scores: ArrayLike<number>, k: number): number[] {
  const n = scores.length;
  const m = Math.min(k, n);
  if (m <= 0) return [];
  const heap: number[] = [];
  const worse = (x: number, y: number): boolean => scores[x] < scores[y] || (scores[x] === scores[y] && x > y);
  const siftDown = (pos: number): void => {
    for (;;) {
      const l = 2 * pos + 1;
      const r = l + 1;
      let w = pos;
      if (l < heap.length && worse(heap[l], heap[w])) w = l;
      if (r < heap.length && worse(heap[r], heap[w])) w = r;
      if (w === pos) return;
      [heap[pos], heap[w]] = [heap[w], heap[pos]];
      pos = w;
    }
  };
  for (let i = 0; i < m; i++) {
    heap.push(i);
    for (let pos = i; pos > 0; ) {
      const parent = (pos - 1) >> 1;
      if (!worse(heap[pos], heap[parent])) break;
      [heap[pos], heap[parent]] = [heap[parent], heap[pos]];
      pos = parent;
    }
  }
  for (let i = m; i < n; i++) {
    if (worse(heap[0], i)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  return heap.sort((x, y) => scores[y] - scores[x] || x - y);
}

const special = fc.constantFrom(0, -0, 1, -1, 0.5, Infinity, -Infinity, 3);
const value = (nan: boolean) => fc.oneof(special, fc.double({ min: -4, max: 4, noNaN: true }), ...(nan ? [fc.constant(Number.NaN)] : []));

describe('topK', () => {
  it('hand-worked: best first, ties to the lower index, k beyond n keeps all', () => {
    expect(Array.from(topK([1, 3, 2, 3], 3))).toEqual([1, 3, 2]);
    expect(Array.from(topK([0, -0, 0], 3))).toEqual([0, 1, 2]);
    expect(Array.from(topK([-Infinity, 1, -Infinity], 5))).toEqual([1, 0, 2]);
    expect(Array.from(topK([1, 2], 0))).toEqual([]);
  });

  it('equals the heap on short lists (selection without a cut-off, the heap when a NaN is present, every index kept)', () => {
    fc.assert(
      fc.property(fc.array(value(true), { maxLength: 300 }), fc.integer({ min: 0, max: 320 }), fc.boolean(), (xs, k, f32) => {
        const scores = f32 ? Float32Array.from(xs) : xs;
        expect(Array.from(topK(scores, k))).toEqual(heapTopK(scores, k));
      }),
      { numRuns: 300 },
    );
  });

  it('equals the heap on long lists (selection with and without a cut-off), few distinct values or many, NaN sometimes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 256, max: 6000 }), fc.integer({ min: 1, max: 900 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom('normal', 'few', 'ascending', 'descending', 'nan'), fc.constantFrom('f32', 'f64', 'array'),
        (n, k, seed, shape, kind) => {
          let s = seed;
          const next = (): number => {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            return s / 2 ** 32;
          };
          const xs = Array.from({ length: n }, () => (shape === 'few' ? Math.floor(next() * 5) - 2 : next() * 2 - 1));
          if (shape === 'ascending') xs.sort((a, b) => a - b);
          if (shape === 'descending') xs.sort((a, b) => b - a);
          if (shape === 'nan') xs[Math.floor(next() * n)] = Number.NaN;
          for (let j = 0; j < 5; j++) xs[Math.floor(next() * n)] = [-Infinity, Infinity, -0, 0, 1][j];
          const scores = kind === 'f32' ? Float32Array.from(xs) : kind === 'f64' ? Float64Array.from(xs) : xs;
          expect(Array.from(topK(scores, k))).toEqual(heapTopK(scores, k));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a misleading sample (every strided score high and distinct, the rest low: fewer than k reach its cut-off) falls back to selecting from every score', () => {
    const n = 4096;
    const stride = Math.floor(n / 512);
    const xs = Float32Array.from({ length: n }, (_, i) => (i % stride === 0 ? 10 + i / n : (i % 13) / 13));
    for (const k of [10, 100, 500]) expect(Array.from(topK(xs, k))).toEqual(heapTopK(xs, k));
  });
});
