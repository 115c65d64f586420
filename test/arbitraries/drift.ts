// Generators for the drift and A/B-testing properties.
import fc from 'fast-check';

/** A numeric feature sample: finite values, possibly with heavy ties (as real features have). */
export const featureSample = fc.oneof(
  fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 400 }),
  fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 400 }),
);

export const binCount = fc.integer({ min: 2, max: 20 });

/** Category counts for a categorical feature with k categories (at least one positive count). */
export const categoryCounts = (k: number) =>
  fc.array(fc.nat({ max: 1000 }), { minLength: k, maxLength: k }).filter((c) => c.some((x) => x > 0));

/** A seed for an Rng-driven simulation. */
export const seed = fc.integer({ min: 1, max: 2 ** 31 - 1 });

/** Two increasing mean shifts (in standard deviations) at least 0.15 apart, within [0, 1.5]. */
export const shiftPair = fc
  .tuple(fc.double({ min: 0, max: 1.35, noNaN: true }), fc.double({ min: 0.15, max: 1.5, noNaN: true }))
  .map(([a, gap]) => [a, Math.min(1.5, a + gap)] as const)
  .filter(([a, b]) => b - a >= 0.15);
