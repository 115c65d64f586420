import { describe, expect, it } from 'vitest';
import { capPerCategory, freshnessBoost, interleaveByType, slidingWindowCap } from '../../../src/core/diversity/rules.js';
import { categoryCoverage } from '../../../src/core/diversity/coverage.js';

const category = Int32Array.from([0, 0, 0, 1, 1, 2, 0, 2]);
const ranked = Int32Array.from([0, 1, 2, 6, 3, 4, 5, 7]);

describe('business rules', () => {
  it('capPerCategory keeps the best two per category in rank order', () => {
    expect(Array.from(capPerCategory(ranked, category, 2, 10))).toEqual([0, 1, 3, 4, 5, 7]);
    expect(Array.from(capPerCategory(ranked, category, 2, 3))).toEqual([0, 1, 3]);
  });

  it('slidingWindowCap allows one item per category in any 2 consecutive slots', () => {
    // slot 0: 0 (cat 0); slot 1: best not cat 0 → 3 (cat 1); slot 2: not cat 1 → 1 (cat 0); slot 3: → 4; …
    expect(Array.from(slidingWindowCap(ranked, category, 2, 1, 8))).toEqual([0, 3, 1, 4, 2, 5, 6, 7]);
  });

  it('slidingWindowCap stops rather than break the rule when only one category is left', () => {
    expect(Array.from(slidingWindowCap([0, 1, 2], category, 2, 1, 3))).toEqual([0]);
  });

  it('interleaveByType takes types round-robin in order of first appearance', () => {
    expect(Array.from(interleaveByType(ranked, category, 8))).toEqual([0, 3, 5, 1, 4, 7, 2, 6]);
  });

  it('freshnessBoost adds the full weight to a new item and half of it one half-life later', () => {
    const out = freshnessBoost([1, 1, 1], [10, 3, 12], 10, 7, 0.4);
    expect(out[0]).toBeCloseTo(1.4, 12);
    expect(out[1]).toBeCloseTo(1.2, 12);
    expect(out[2]).toBeCloseTo(1.4, 12);
    expect(() => freshnessBoost([1], [1], 0, 0, 1)).toThrow(/halfLifeDays must be > 0, got 0/);
  });

  it('categoryCoverage counts distinct categories over the catalogue of categories', () => {
    expect(categoryCoverage([0, 1, 2], category, 4)).toBe(0.25);
    expect(categoryCoverage([0, 3, 5], category, 4)).toBe(0.75);
    expect(categoryCoverage([], category, 4)).toBe(0);
    expect(() => categoryCoverage([9], category, 4)).toThrow(/items\[0\] = 9/);
  });

  it('rules reject a cap below 1 with the name of the knob', () => {
    expect(() => capPerCategory(ranked, category, 0, 5)).toThrow(/capPerCategory: maxPerCategory must be an integer ≥ 1, got 0/);
    expect(() => slidingWindowCap(ranked, category, 0, 1, 5)).toThrow(/window/);
  });
});
