/** Generators for feature-store rows and label events on a small grid, so ties and TTL boundaries happen often. */
import fc from 'fast-check';
import type { FeatureRow } from '../../src/production/feature-store/index.js';

/** 0–60 rows over 2 features × 5 entities, integer times in [0, 30] (duplicates of (feature, entity, time) occur). */
export const featureRows = (): fc.Arbitrary<FeatureRow[]> =>
  fc.array(
    fc.record({
      feature: fc.constantFrom('a', 'b'),
      entity: fc.integer({ min: 0, max: 4 }),
      eventTime: fc.integer({ min: 0, max: 30 }),
      value: fc.integer({ min: -1000, max: 1000 }),
    }),
    { maxLength: 60 },
  );

/** 1–40 label events: entity in [0, 5] (5 never has rows) and integer or half-integer times in [−2, 35]. */
export const labelKeys = (): fc.Arbitrary<{ entity: number[]; time: number[] }> =>
  fc
    .array(fc.record({ entity: fc.integer({ min: 0, max: 5 }), time: fc.integer({ min: -4, max: 70 }).map((x) => x / 2) }), { minLength: 1, maxLength: 40 })
    .map((ls) => ({ entity: ls.map((l) => l.entity), time: ls.map((l) => l.time) }));
