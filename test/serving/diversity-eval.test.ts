import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { buildPools, evaluateSelector, qualityAtDiversity, select } from '../../src/serving/diversity-eval.js';
import { tinyServing } from './fixtures.js';

describe('diversity evaluation', () => {
  it('reads the quality off a diversity curve by linear interpolation', () => {
    const curve = [
      { diversity: 0.3, quality: 0.8 },
      { diversity: 0.4, quality: 0.7 },
      { diversity: 0.5, quality: 0.4 },
    ];
    expect(qualityAtDiversity(curve, 0.35)).toBeCloseTo(0.75, 12);
    expect(qualityAtDiversity(curve, 0.45)).toBeCloseTo(0.55, 12);
    expect(qualityAtDiversity(curve, 0.3)).toBe(0.8);
    expect(qualityAtDiversity(curve, 0.6)).toBeUndefined();
  });

  it('MMR at λ = 1 scores exactly like the relevance order, and λ = 0 is more diverse and less relevant', () => {
    const { world, components } = tinyServing();
    const rng = new Rng(5);
    const users = Int32Array.from({ length: 40 }, () => rng.int(world.users.count));
    const pools = buildPools(world, components, users, 60);
    const rel = evaluateSelector(world, components, pools, { method: 'relevance' }, 10);
    expect(evaluateSelector(world, components, pools, { method: 'mmr', lambda: 1 }, 10)).toEqual(rel);
    const diverse = evaluateSelector(world, components, pools, { method: 'mmr', lambda: 0 }, 10);
    expect(diverse.intra_list_diversity).toBeGreaterThan(rel.intra_list_diversity);
    expect(diverse.ndcg_at_10).toBeLessThan(rel.ndcg_at_10);
    for (const p of [rel, diverse]) {
      expect(p.ndcg_at_10).toBeGreaterThan(0);
      expect(p.ndcg_at_10).toBeLessThanOrEqual(1);
    }
  });

  it('every selector returns k distinct pool positions, and the cap keeps its limit', () => {
    const { world, components } = tinyServing();
    const [pool] = buildPools(world, components, [3], 50);
    for (const s of [{ method: 'relevance' }, { method: 'mmr', lambda: 0.5 }, { method: 'dpp', theta: 0.5 }] as const) {
      const picked = select(pool, s, 10, components.dim, world.items.category);
      expect(picked.length).toBe(10);
      expect(new Set(picked).size).toBe(10);
    }
    const capped = select(pool, { method: 'cap', maxPerCategory: 1 }, 10, components.dim, world.items.category);
    const cats = Array.from(capped, (p) => world.items.category[pool.ids[p]]);
    expect(new Set(cats).size).toBe(cats.length);
  });
});
