// The simulator's rank space: its fast popularity order against the comparator reference.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { popularityOrder, popularityOrderReference } from '../../src/data/sim-space.js';

describe('popularityOrder', () => {
  it('equals the comparator sort (descending popularity, ties by id)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(1), fc.constant(2.5), fc.float({ min: Math.fround(1e-3), max: Math.fround(1e5), noNaN: true })), { minLength: 1, maxLength: 300 }), (xs) => {
      const pop = Float32Array.from(xs);
      return Array.from(popularityOrder(pop)).join() === Array.from(popularityOrderReference(pop)).join();
    }), { numRuns: 200 });
  });
});
