// Example-based checks of the high-cardinality helpers against published reference values.
import { describe, expect, it } from 'vitest';
import {
  chiSquareCriticalValue,
  hashBucket,
  murmurHash3String,
  murmurHash3x86_32,
  normalQuantile,
  recommendedEmbeddingDim,
} from '../../src/core/features/index.js';
import { UsageError } from '../../src/core/errors.js';
import { chiSquareSurvival } from '../../src/core/special-functions.js';

describe('MurmurHash3_x86_32', () => {
  // Published test vectors of the reference C++ implementation (smhasher), as collected in the widely used
  // table of Ian Boyd's answer on Stack Overflow "MurmurHash3 test vectors".
  const vectors: [string, number, number][] = [
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['aaa', 0x9747b28c, 0x283e0130],
    ['aa', 0x9747b28c, 0x5d211726],
    ['a', 0x9747b28c, 0x7fa09ea6],
    ['abcd', 0x9747b28c, 0xf0478627],
    ['abc', 0x9747b28c, 0xc84a62dd],
    ['ab', 0x9747b28c, 0x74875592],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['ππππππππ', 0x9747b28c, 0xd58063c1],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ];
  it.each(vectors)('hashes %j with seed %d to the published value', (text, seed, expected) => {
    expect(murmurHash3String(text, seed)).toBe(expected);
  });
  it('hashes four zero bytes with seed 0 to 0x2362f9de', () => {
    expect(murmurHash3x86_32(new Uint8Array(4), 0)).toBe(0x2362f9de);
  });
  it('rejects a bucket count that is not a positive integer', () => {
    expect(() => hashBucket('x', 0)).toThrow(UsageError);
    expect(() => hashBucket('x', 2.5)).toThrow(/buckets must be an integer/);
  });
});

describe('recommendedEmbeddingDim and the interview guide', () => {
  it('gives 126 for 1M values (the guide is right)', () => {
    expect(recommendedEmbeddingDim(1_000_000)).toBe(126);
  });
  it('gives 225 for 10M values, not the guide\'s 178', () => {
    expect(recommendedEmbeddingDim(10_000_000)).toBe(225);
    expect(4 * 10_000_000 ** 0.25).toBeCloseTo(224.9, 1);
  });
  it('caps the half rule at 50, so 100K brands get 50, not the guide\'s 64', () => {
    expect(recommendedEmbeddingDim(100_000, 'half-capped')).toBe(50);
    expect(recommendedEmbeddingDim(60, 'half-capped')).toBe(30);
  });
  it('rejects an empty vocabulary and an unknown rule', () => {
    expect(() => recommendedEmbeddingDim(0)).toThrow(/vocabularySize must be an integer ≥ 1, got 0/);
    expect(() => recommendedEmbeddingDim(10, 'sqrt' as never)).toThrow(/known rules: fourth-root, half-capped/);
  });
});

describe('χ² critical values by Wilson–Hilferty', () => {
  // Exact values from standard χ² tables; Wilson–Hilferty is within 1% for these dof, hence the tolerance.
  const table: [number, number, number][] = [
    [10, 0.05, 18.307],
    [30, 0.01, 50.892],
    [99, 0.01, 134.642],
    [999, 0.001, 1143.917],
  ];
  it.each(table)('dof %d at α=%d is within 1%% of the table value', (dof, alpha, exact) => {
    expect(Math.abs(chiSquareCriticalValue(dof, alpha) - exact) / exact).toBeLessThan(0.01);
  });
  it.each([[20, 0.05], [99, 0.01], [999, 0.001]])('dof %d: the exact upper tail beyond the approximate critical value is α within 10%%', (dof, alpha) => {
    // cross-check against the regularised incomplete gamma (src/core/special-functions, the drift engineer's)
    const tail = chiSquareSurvival(chiSquareCriticalValue(dof, alpha), dof);
    expect(Math.abs(tail - alpha) / alpha).toBeLessThan(0.1);
  });
  it('normal quantile at 0.975 is 1.95996 (to 1e-6, Acklam\'s error is ~1e-9)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
  });
});
