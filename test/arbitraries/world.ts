/** Generators of small world options: a seed and a miniature catalog, quick enough for property runs. */
import fc from 'fast-check';
import type { WorldOptions } from '../../src/data/world-types.js';

export const miniWorldOptions = (): fc.Arbitrary<WorldOptions> =>
  fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    numUsers: fc.integer({ min: 20, max: 150 }),
    numItems: fc.integer({ min: 50, max: 400 }),
    numTopCategories: fc.integer({ min: 1, max: 5 }),
    extraLeaves: fc.integer({ min: 0, max: 15 }),
    days: fc.integer({ min: 3, max: 12 }),
  }).map(({ seed, numUsers, numItems, numTopCategories, extraLeaves, days }) => ({
    scale: 'tiny' as const,
    seed,
    overrides: {
      numUsers, numItems, numTopCategories, numCategories: numTopCategories + extraLeaves,
      numBrands: 20, numTags: 12, days, testDays: 1,
    },
  }));
