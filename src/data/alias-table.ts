/**
 * Alias tables sampled from a single uniform, for the world simulator: the columns are core/rng.ts's aliasColumns
 * (Vose's construction); the column is ⌊u·n⌋ and the coin is the fractional part of u·n. The core AliasSampler
 * spends two Rng draws per sample; the simulator takes ~40M samples at full scale, so halving the draws matters there.
 * Coin thresholds are stored as float64. With 32-bit uniforms the coin keeps 32 − log2(n) bits (12 bits at n = 1M):
 * each column's split is exact to 2^−12, i.e. a relative error ≤ 0.2% on the lightest item's probability — immaterial
 * for a synthetic world. Build O(n), sample O(1).
 */
import { aliasColumns } from '../core/rng.js';

export class OneDrawAlias {
  readonly size: number;
  /**
   * Packed columns [coin threshold, outcome if below, outcome if not], so one sample touches one
   * cache line (the simulator's cost at full scale is cache misses, not arithmetic).
   */
  readonly table: Float64Array;

  /**
   * `ids` (optional, same length as weights) are the outcomes to return instead of the indices.
   * Throws for empty weights, a negative/non-finite weight, all-zero weights, or mismatched ids.
   */
  constructor(weights: ArrayLike<number>, ids?: ArrayLike<number>) {
    const n = weights.length;
    const { prob, alias } = aliasColumns(weights, 'OneDrawAlias');
    if (ids && ids.length !== n) throw new Error(`OneDrawAlias: ids (${ids.length}) must match weights (${n})`);
    this.size = n;
    this.table = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      this.table[3 * i] = prob[i];
      this.table[3 * i + 1] = ids ? ids[i] : i;
      this.table[3 * i + 2] = ids ? ids[alias[i]] : alias[i];
    }
  }

  /** The outcome for a uniform u in [0, 1). */
  sample(u: number): number {
    const x = u * this.size;
    const i = Math.floor(x);
    const o = 3 * i;
    return x - i < this.table[o] ? this.table[o + 1] : this.table[o + 2];
  }

  /** The exact probability of each outcome implied by the table (for tests): Σ over columns of their coin splits ÷ n. */
  impliedProbabilities(): Map<number, number> {
    const p = new Map<number, number>();
    const add = (k: number, v: number): void => { p.set(k, (p.get(k) ?? 0) + v / this.size); };
    for (let j = 0; j < this.size; j++) {
      add(this.table[3 * j + 1], this.table[3 * j]);
      add(this.table[3 * j + 2], 1 - this.table[3 * j]);
    }
    return p;
  }
}

/**
 * Many alias tables (one per group, e.g. per leaf category) packed into one flat array, so a sample
 * is two array reads (offsets, then the column) instead of a hop through a per-group object — the
 * simulator takes tens of millions of these at random. Same columns and outcomes as one
 * OneDrawAlias per group. Build O(total), sample O(1).
 */
export class GroupedAlias {
  private readonly offsets: Int32Array;
  private readonly table: Float64Array;

  /**
   * Group g owns weights[groupOffsets[g] .. groupOffsets[g+1]) with outcomes ids[same range].
   * Empty groups are allowed (sample returns −1); a non-empty group must not be all zeros.
   */
  constructor(weights: ArrayLike<number>, ids: Int32Array, groupOffsets: Int32Array) {
    const groups = groupOffsets.length - 1;
    const total = groupOffsets[groups];
    if (weights.length !== total || ids.length !== total) {
      throw new Error(`GroupedAlias: weights (${weights.length}) and ids (${ids.length}) must have ${total} entries`);
    }
    this.offsets = groupOffsets;
    this.table = new Float64Array(3 * total);
    for (let g = 0; g < groups; g++) {
      const lo = groupOffsets[g];
      const hi = groupOffsets[g + 1];
      if (hi === lo) continue;
      const w = new Float64Array(hi - lo);
      for (let k = lo; k < hi; k++) w[k - lo] = weights[k];
      this.table.set(new OneDrawAlias(w, ids.subarray(lo, hi)).table, 3 * lo);
    }
  }

  /** The outcome of group g for a uniform u in [0, 1); −1 when the group is empty. */
  sample(g: number, u: number): number {
    const lo = this.offsets[g];
    const size = this.offsets[g + 1] - lo;
    if (size === 0) return -1;
    const x = u * size;
    const i = Math.floor(x);
    const o = 3 * (lo + i);
    return x - i < this.table[o] ? this.table[o + 1] : this.table[o + 2];
  }
}
