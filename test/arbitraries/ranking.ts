/** Generators for ranking-metric properties: graded relevance with scores (ties included on purpose). */
import fc from 'fast-check';

export interface RankingCase {
  relevance: number[];
  scores: number[];
  k: number;
}

/** Scores drawn from a few integer levels produce ties often; doubles make them rare. Both matter. */
const score = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -100, max: 100, noNaN: true }));

export const rankingCase = (maxLen = 30): fc.Arbitrary<RankingCase> =>
  fc.integer({ min: 1, max: maxLen }).chain((n) =>
    fc.record({
      relevance: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
      scores: fc.array(score, { minLength: n, maxLength: n }),
      k: fc.integer({ min: 1, max: n + 3 }),
    }),
  );

/** Binary labels with at least one of each class, and scores of the same length. */
export const labelledScores = (maxLen = 40): fc.Arbitrary<{ labels: number[]; scores: number[] }> =>
  fc.integer({ min: 2, max: maxLen }).chain((n) =>
    fc
      .record({
        labels: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
        scores: fc.array(score, { minLength: n, maxLength: n }),
      })
      .filter(({ labels }) => labels.includes(0) && labels.includes(1)),
  );

/** Non-negative exposure counts. */
export const exposure = (maxLen = 40): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: maxLen });
