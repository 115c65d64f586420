// retrieveHnsw in either HNSW space (src/retrieval/mips-as-l2.ts): the two-tower towers L2-normalise their output, so on
// unit-norm items the ip-as-l2 graph must give the lists the inner-product graph gives, and both must drop each user's
// excluded items and agree with exact search at a beam that covers the catalogue.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { normalizeRows } from '../../src/core/vec.js';
import type { EvalSet } from '../../src/models/eval/eval-set.js';
import { retrieveHnsw } from '../../src/models/eval/retrieve.js';
import { MipsAsL2Index } from '../../src/retrieval/index.js';
import { naiveKnn } from '../retrieval/naive-knn.js';
import { gaussianRows } from '../arbitraries/vectors.js';

const dim = 16;
const N = 1500;
const users = 30;
const K = 20;
const rng = new Rng(3);
const items = normalizeRows(gaussianRows(rng, N, dim), dim);
const queries = normalizeRows(gaussianRows(rng, users, dim), dim);
// each user excludes five items near its query (as training items are): they take beam slots and must not come back
const exclude = Array.from({ length: users }, (_, r) => new Set(naiveKnn('ip', items, dim, queries.subarray(r * dim, (r + 1) * dim), 5).ids));
const set = { users: Int32Array.from({ length: users }, (_, r) => r), exclude } as unknown as EvalSet;

function overlap(a: Int32Array, b: Int32Array): number {
  let hits = 0;
  for (let r = 0; r < users; r++) {
    const s = new Set(b.subarray(r * K, (r + 1) * K));
    for (const id of a.subarray(r * K, (r + 1) * K)) if (s.has(id)) hits++;
  }
  return hits / (users * K);
}

describe('retrieveHnsw in the ip and ip-as-l2 spaces', () => {
  const ip = retrieveHnsw(set, queries, items, dim, K, { M: 16, efConstruction: 100, ef: 40, space: 'ip' });
  const l2 = retrieveHnsw(set, queries, items, dim, K, { M: 16, efConstruction: 100, ef: 40, space: 'ip-as-l2' });

  it('builds the index of the space asked for', () => {
    expect(l2.index).toBeInstanceOf(MipsAsL2Index);
    expect(ip.index).not.toBeInstanceOf(MipsAsL2Index);
  });

  it('on unit-norm items both spaces return the same lists, without the excluded items', () => {
    expect(overlap(l2.lists, ip.lists)).toBeGreaterThanOrEqual(0.99);
    for (const lists of [ip.lists, l2.lists]) {
      for (let r = 0; r < users; r++) for (const id of lists.subarray(r * K, (r + 1) * K)) expect(exclude[r].has(id)).toBe(false);
    }
  });

  it('with a beam as wide as the catalogue, ip-as-l2 returns the exact inner-product top-K', () => {
    const wide = retrieveHnsw(set, queries, items, dim, K, { ef: N, index: l2.index });
    const exact = new Int32Array(users * K);
    for (let r = 0; r < users; r++) {
      const top = naiveKnn('ip', items, dim, queries.subarray(r * dim, (r + 1) * dim), K + 5).ids.filter((i) => !exclude[r].has(i));
      exact.set(top.slice(0, K), r * K);
    }
    expect(overlap(wide.lists, exact)).toBe(1);
  });
});
