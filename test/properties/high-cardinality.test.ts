// Interview point: "How do you handle high-cardinality categorical features?" — hashing spreads keys uniformly
// and collides exactly as often as balls-into-bins predicts; frequency buckets keep the head and pool the tail;
// out-of-fold target encoding never lets a row see its own label, while naive encoding copies it in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyFrequencyVocabulary,
  chiSquareUniformity,
  expectedDistinctBuckets,
  fitFrequencyVocabulary,
  hashBucket,
  measureCollisions,
  targetEncode,
} from '../../src/core/features/index.js';
import { distinctKeys, labelledColumn } from '../arbitraries/categoricals.js';

/** Exact variance of the number of occupied bins for k balls in n bins (occupancy moments). */
function occupiedVariance(k: number, n: number): number {
  const a = (1 - 1 / n) ** k;
  const b = (1 - 2 / n) ** k;
  return n * (n - 1) * b + n * a - n * n * a * a;
}

describe('hashing trick', () => {
  it('hashBucket always lands in [0, buckets) and is a function of (key, seed)', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), (key, n, seed) => {
        const b = hashBucket(key, n, seed);
        return Number.isInteger(b) && b >= 0 && b < n && b === hashBucket(key, n, seed);
      }),
    );
  });

  it('the measured number of occupied buckets is within 4 standard deviations of n·(1 − (1 − 1/n)^k)', () => {
    fc.assert(
      fc.property(distinctKeys(50, 3000), fc.integer({ min: 10, max: 5000 }), fc.nat(), (keys, n, seed) => {
        const r = measureCollisions(keys, n, seed);
        const sd = Math.sqrt(occupiedVariance(keys.length, n));
        // 4 sd: a false alarm rate near 6e-5 per case, and +1 for the discreteness when sd is tiny
        return Math.abs(r.distinctBuckets - expectedDistinctBuckets(keys.length, n)) <= 4 * sd + 1;
      }),
      { numRuns: 60 },
    );
  });

  it('200k sequential ids spread uniformly over 1000 buckets by a χ² test at α = 0.001', () => {
    const counts = new Int32Array(1000);
    for (let i = 0; i < 200_000; i++) counts[hashBucket(`user:${i}`, 1000, 42)]++;
    const t = chiSquareUniformity(counts, 0.001);
    // statistic ≈ dof = 999 under uniformity; the Wilson–Hilferty critical value at α = 0.001 is ≈ 1144
    expect(t.dof).toBe(999);
    expect(t.statistic).toBeLessThan(t.critical);
  });

  it('the same χ² test rejects a bad hash (first character code mod n), so it can fail', () => {
    const counts = new Int32Array(1000);
    for (let i = 0; i < 200_000; i++) counts[`user:${i}`.charCodeAt(5) % 1000]++;
    expect(chiSquareUniformity(counts, 0.001).uniform).toBe(false);
  });
});

describe('frequency bucketing', () => {
  it('keeps exactly the values with count ≥ minCount and sends every other value to OTHER', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 300 }), fc.integer({ min: 1, max: 10 }), (values, minCount) => {
        const vocab = fitFrequencyVocabulary(values, { minCount });
        const counts = new Map<number, number>();
        for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
        const ids = applyFrequencyVocabulary(vocab, values);
        return values.every((v, i) => ((counts.get(v) ?? 0) >= minCount ? ids[i] !== vocab.otherId : ids[i] === vocab.otherId));
      }),
    );
  });

  it('top-N keeps N values, none rarer than any value it dropped, and unseen values map to OTHER', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 20 }), (values, topN) => {
        const vocab = fitFrequencyVocabulary(values, { topN });
        const counts = new Map<number, number>();
        for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
        const kept = [...vocab.index.keys()].map((v) => counts.get(v)!);
        const dropped = [...counts.entries()].filter(([v]) => !vocab.index.has(v)).map(([, c]) => c);
        const minKept = Math.min(...kept);
        return (
          vocab.index.size === Math.min(topN, counts.size) &&
          dropped.every((c) => c <= minKept) &&
          applyFrequencyVocabulary(vocab, [999])[0] === vocab.otherId
        );
      }),
    );
  });
});

describe('target encoding', () => {
  it('out-of-fold encoding never reads its own row\'s label while encoding that row\'s fold', () => {
    fc.assert(
      fc.property(labelledColumn(), fc.integer({ min: 2, max: 8 }), fc.nat(), ({ categories, labels, numCategories }, k, seed) => {
        const reads: [number, number][] = [];
        const { fold } = targetEncode(categories, labels, {
          method: 'out-of-fold', folds: k, seed, numCategories, onLabelRead: (row, forFold) => reads.push([row, forFold]),
        });
        // every read made for fold f is of a row outside f (reads for −1 build the test-time encoder)
        return reads.every(([row, f]) => f === -1 || fold![row] !== f);
      }),
    );
  });

  it('changing one row\'s label never changes that row\'s out-of-fold encoding', () => {
    fc.assert(
      fc.property(labelledColumn(), fc.nat(), ({ categories, labels, numCategories }, pick) => {
        const row = pick % labels.length;
        const a = targetEncode(categories, labels, { method: 'out-of-fold', folds: 5 <= labels.length ? 5 : 2, numCategories, seed: 7 });
        const flipped = Float64Array.from(labels);
        flipped[row] = 1 - flipped[row];
        const b = targetEncode(categories, flipped, { method: 'out-of-fold', folds: 5 <= labels.length ? 5 : 2, numCategories, seed: 7 });
        return a.train[row] === b.train[row];
      }),
    );
  });

  it('naive encoding of a value seen once moves with that row\'s own label (the leak)', () => {
    const categories = Int32Array.from([0, 0, 0, 0, 1]);
    const up = targetEncode(categories, [0, 1, 0, 1, 1], { method: 'naive', smoothing: 1 });
    const down = targetEncode(categories, [0, 1, 0, 1, 0], { method: 'naive', smoothing: 1 });
    expect(up.train[4]).toBeGreaterThan(down.train[4]);
  });

  it('out-of-fold encoding equals a brute-force mean over the other folds, smoothed toward their mean', () => {
    fc.assert(
      fc.property(labelledColumn(), fc.integer({ min: 0, max: 20 }), ({ categories, labels, numCategories }, m) => {
        const { train, fold } = targetEncode(categories, labels, { method: 'out-of-fold', folds: 3, seed: 1, numCategories, smoothing: m });
        for (let r = 0; r < labels.length; r++) {
          let s = 0, c = 0, all = 0, nAll = 0;
          for (let j = 0; j < labels.length; j++) {
            if (fold![j] === fold![r]) continue;
            all += labels[j]; nAll++;
            if (categories[j] === categories[r]) { s += labels[j]; c++; }
          }
          const prior = nAll ? all / nAll : 0;
          const ref = c + m > 0 ? (s + m * prior) / (c + m) : prior;
          // both sum the same values in the same order except the prior; 1e-12 covers rounding
          if (Math.abs(ref - train[r]) > 1e-12) return false;
        }
        return true;
      }),
    );
  });
});
