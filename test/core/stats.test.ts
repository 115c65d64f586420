// meanOfDefined: the mean over units that have a value (a logged request without a click has no NDCG).
import { describe, expect, it } from 'vitest';
import { meanOfDefined } from '../../src/core/stats.js';

describe('meanOfDefined', () => {
  it('skips NaN and averages the rest: (1 + 3) / 2', () => {
    expect(meanOfDefined([1, NaN, 3])).toBe(2);
  });

  it('is NaN when no unit has a value', () => {
    expect(meanOfDefined([NaN, NaN])).toBeNaN();
    expect(meanOfDefined([])).toBeNaN();
  });
});
