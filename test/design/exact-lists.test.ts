// The design review's exact references (exact search on the design's vectors, and on the hidden vectors) come from the
// exact AnnIndex in blocks of users; they must be the lists retrieveExact (the evaluation's reference) gives.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { generateWorld } from '../../src/data/world.js';
import { exactLists } from '../../src/experiments/design-serving.js';
import { buildEvalSet } from '../../src/models/eval/eval-set.js';
import { retrieveExact } from '../../src/models/eval/retrieve.js';

describe('exactLists', () => {
  it("equals retrieveExact's lists, train items left out, across blocks of users with different history lengths", async () => {
    const world = generateWorld({ scale: 'tiny', seed: 3 });
    const set = buildEvalSet(world, 120, new Rng(4));
    const dim = 16;
    const rng = new Rng(5);
    const N = world.items.count;
    const items = Float32Array.from({ length: N * dim }, () => rng.normal(0, 1));
    const queries = Float32Array.from({ length: set.users.length * dim }, () => rng.normal(0, 1));
    const K = 100;
    const ours = await exactLists(set, queries, items, dim, K, async () => {});
    const ref = await retrieveExact(set, queries, items, dim, K);
    // not vacuous: some users have train items among their unfiltered best K, which must be skipped
    expect(set.exclude.some((ex) => ex.size > 0)).toBe(true);
    expect(Array.from(ours)).toEqual(Array.from(ref));
  });
});
