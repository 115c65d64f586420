// Interview point: "How do you ensure diversity?" — MMR, DPP and business-rule caps trade relevance for
// variety. These properties are the guarantees each method gives whatever the candidates look like:
// λ = 1 is plain relevance ranking, nothing is recommended twice, caps are hard limits, and the fast
// DPP is exactly the greedy log-determinant maximiser it claims to be.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topK } from '../../src/core/vec.js';
import { mmr } from '../../src/core/diversity/mmr.js';
import { dppGreedy } from '../../src/core/diversity/dpp.js';
import { capPerCategory, freshnessBoost, interleaveByType, slidingWindowCap } from '../../src/core/diversity/rules.js';
import { categoryCoverage } from '../../src/core/diversity/coverage.js';
import { candidatesArb, generalPositionArb } from '../arbitraries/diversity.js';
import { naiveDppGreedy } from '../core/diversity/reference.js';

const kArb = fc.integer({ min: 1, max: 15 });
const thetaArb = fc.double({ min: 0, max: 0.9, noNaN: true });

describe('diversity re-ranking properties', () => {
  it('MMR with λ = 1 is the relevance order', () => {
    fc.assert(
      fc.property(candidatesArb(), kArb, (c, k) => {
        const picked = mmr({ relevance: c.relevance, embeddings: c.embeddings, dim: c.dim, k, lambda: 1 });
        expect(Array.from(picked)).toEqual(Array.from(topK(c.relevance, k)));
      }),
    );
  });

  it('MMR never selects an item twice and returns min(k, n) items', () => {
    fc.assert(
      fc.property(candidatesArb(), kArb, fc.double({ min: 0, max: 1, noNaN: true }), (c, k, lambda) => {
        const picked = mmr({ relevance: c.relevance, embeddings: c.embeddings, dim: c.dim, k, lambda });
        expect(picked.length).toBe(Math.min(k, c.n));
        expect(new Set(picked).size).toBe(picked.length);
      }),
    );
  });

  it('MMR and DPP are deterministic: the same candidates give the same list', () => {
    fc.assert(
      fc.property(candidatesArb(), kArb, thetaArb, (c, k, theta) => {
        const args = { relevance: c.relevance, embeddings: c.embeddings, dim: c.dim, k };
        expect(mmr({ ...args, lambda: theta })).toEqual(mmr({ ...args, lambda: theta }));
        expect(dppGreedy({ ...args, theta })).toEqual(dppGreedy({ ...args, theta }));
      }),
    );
  });

  it('DPP never selects an item twice nor more than k items', () => {
    // (a set larger than dim has determinant 0, but ε is absolute: with q² up to e^18 the rounding residue of
    // a zero gain can exceed 1e-10, so "at most dim" is checked in the unit test at a moderate θ instead)
    fc.assert(
      fc.property(candidatesArb(), kArb, thetaArb, (c, k, theta) => {
        const picked = dppGreedy({ relevance: c.relevance, embeddings: c.embeddings, dim: c.dim, k, theta });
        expect(new Set(picked).size).toBe(picked.length);
        expect(picked.length).toBeLessThanOrEqual(Math.min(k, c.n));
      }),
    );
  });

  it('fast greedy DPP picks the same items as the naive log-determinant greedy', () => {
    // candidates in general position: with exact ties (see generalPositionArb) the last bit of rounding
    // decides, differently in two correct algorithms, which says nothing about correctness. For the same
    // reason k ≤ dim: past the rank of S every gain is 0 up to rounding, and whether that rounding residue
    // is above ε is not a property of the algorithm (the unit test checks that it stops at the rank)
    fc.assert(
      fc.property(generalPositionArb(12, 6), fc.integer({ min: 1, max: 6 }), thetaArb, (c, kWanted, theta) => {
        const k = Math.min(kWanted, c.dim);
        const fast = Array.from(dppGreedy({ relevance: c.relevance, embeddings: c.embeddings, dim: c.dim, k, theta }));
        const slow = naiveDppGreedy(c.relevance, c.embeddings, c.dim, k, theta, 1e-10);
        expect(fast).toEqual(slow);
      }),
      { numRuns: 200 },
    );
  });

  it('a per-category cap is never exceeded', () => {
    fc.assert(
      fc.property(candidatesArb(), fc.integer({ min: 1, max: 4 }), kArb, (c, cap, k) => {
        const ranked = topK(c.relevance, c.n);
        const kept = capPerCategory(ranked, c.category, cap, k);
        const counts = new Map<number, number>();
        for (const i of kept) counts.set(c.category[i], (counts.get(c.category[i]) ?? 0) + 1);
        expect(Math.max(0, ...counts.values())).toBeLessThanOrEqual(cap);
        expect(kept.length).toBeLessThanOrEqual(k);
        expect(new Set(kept).size).toBe(kept.length);
      }),
    );
  });

  it('a sliding-window cap holds in every window of the output', () => {
    fc.assert(
      fc.property(candidatesArb(), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), kArb, (c, window, maxIn, k) => {
        const kept = slidingWindowCap(topK(c.relevance, c.n), c.category, window, maxIn, k);
        for (let s = 0; s < kept.length; s++) {
          const win = Array.from(kept.slice(s, s + window)).map((i) => c.category[i]);
          for (const cat of win) expect(win.filter((x) => x === cat).length).toBeLessThanOrEqual(maxIn);
        }
        expect(new Set(kept).size).toBe(kept.length);
      }),
    );
  });

  it('interleaving keeps each type in its ranked order and loses nothing', () => {
    fc.assert(
      fc.property(candidatesArb(), (c) => {
        const ranked = topK(c.relevance, c.n);
        const out = interleaveByType(ranked, c.category, c.n);
        expect([...out].sort((a, b) => a - b)).toEqual([...ranked].sort((a, b) => a - b));
        for (let t = 0; t < 5; t++) {
          expect(Array.from(out).filter((i) => c.category[i] === t)).toEqual(Array.from(ranked).filter((i) => c.category[i] === t));
        }
      }),
    );
  });

  it('a freshness boost never lowers a score and favours the newer of two equal items', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (s, a, b) => {
        const out = freshnessBoost([s, s], [a, b], 100, 7, 0.3);
        expect(out[0]).toBeGreaterThanOrEqual(s);
        if (a > b) expect(out[0]).toBeGreaterThanOrEqual(out[1]);
      }),
    );
  });

  it('category coverage lies in [0, 1] and adding items never lowers it', () => {
    fc.assert(
      fc.property(candidatesArb(), fc.integer({ min: 0, max: 40 }), (c, cut) => {
        const all = Array.from(c.category.keys());
        const head = all.slice(0, Math.min(cut, all.length));
        const a = categoryCoverage(head, c.category, 5);
        const b = categoryCoverage(all, c.category, 5);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(1);
        expect(b).toBeGreaterThanOrEqual(a);
      }),
    );
  });
});
