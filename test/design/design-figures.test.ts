// The design review's arithmetic, by hand: memory per component and the stage that binds the latency.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindingStage, componentMemory } from '../../src/experiments/design-figures.js';

describe('componentMemory', () => {
  it('matches a hand-worked stack: 1000 items × 32 dims, 100 users with 500 engagements, 50 cached users', () => {
    const m = componentMemory({ items: 1000, users: 100, dim: 32, historyEntries: 500, indexBytes: 250_000, rankerBytes: 12_345, cachedUsers: 50 });
    expect(m.item_vectors).toBe(128_000); // 1000 · 32 · 4
    expect(m.histories).toBe(2_404); // (100 + 1) · 4 + 500 · 4
    expect(m.user_cache).toBe(6_400); // 50 · 32 · 4
    expect(m.index).toBe(250_000);
    expect(m.ranker).toBe(12_345);
    expect(m.total).toBe(128_000 + 2_404 + 6_400 + 250_000 + 12_345);
  });

  it('the total is the sum of the components, and ten times the catalog is ten times the item vectors', () => {
    const nat = fc.integer({ min: 0, max: 1e7 });
    fc.assert(
      fc.property(nat, nat, fc.integer({ min: 1, max: 512 }), nat, nat, nat, nat, (items, users, dim, historyEntries, indexBytes, rankerBytes, cachedUsers) => {
        const x = { items, users, dim, historyEntries, indexBytes, rankerBytes, cachedUsers };
        const m = componentMemory(x);
        expect(m.total).toBe(m.item_vectors + m.index + m.histories + m.ranker + m.user_cache);
        expect(componentMemory({ ...x, items: 10 * items }).item_vectors).toBe(10 * m.item_vectors);
      }),
    );
  });

  it('refuses a negative or non-finite input, naming it', () => {
    expect(() => componentMemory({ items: -1, users: 0, dim: 1, historyEntries: 0, indexBytes: 0, rankerBytes: 0, cachedUsers: 0 })).toThrow(/items must be a finite number ≥ 0, got -1/);
    expect(() => componentMemory({ items: 1, users: 0, dim: 1, historyEntries: 0, indexBytes: NaN, rankerBytes: 0, cachedUsers: 0 })).toThrow(/indexBytes/);
  });
});

describe('bindingStage', () => {
  it('is the stage with the largest mean, its share of the summed stage means, skipping stages at 0 or not listed', () => {
    const stages = { encode: { mean_ms: 1 }, candidates: { mean_ms: 2 }, rank: { mean_ms: 5 }, rerank: { mean_ms: 0 }, end_to_end: { mean_ms: 100 } };
    expect(bindingStage(stages, ['encode', 'candidates', 'rank', 'rerank'])).toEqual({ stage: 'rank', share: 5 / 8 });
  });

  it('is null when no stage took time', () => {
    expect(bindingStage({ rank: { mean_ms: 0 } }, ['rank', 'encode'])).toBeNull();
  });
});
