/**
 * The logging policy: the (deliberately imperfect) recommender that chose what users were shown
 * while the world's history was recorded. Each slate slot is filled by one of four sources:
 *   targeted  — one of the user's preferred leaves, popularity-weighted within the leaf;
 *   sibling   — a random leaf under the same top category (adjacent interests);
 *   popular   — global popularity;
 *   explore   — uniform over the catalog (so tail items get some exposure at all).
 * Slot order is random, which keeps position bias identifiable from the logs (a real policy sorts
 * by its own score and confounds the two; see the position-bias lesson).
 * An item can only be shown once it exists (createdDay ≤ day) and at most once per slate.
 */
import type { Rng } from '../core/rng.js';
import { GroupedAlias, OneDrawAlias } from './alias-table.js';
import type { Catalog } from './catalog.js';
import { PREFS_PER_USER, type UserPrefs } from './users.js';
import type { Items } from './world-types.js';

/** What the policy reads of the catalog and items (a subset, so a worker can build it from shared arrays). */
export type PolicyItems = Pick<Items, 'count' | 'category' | 'popularity' | 'createdDay'>;
export type PolicyCatalog = Pick<Catalog, 'categoryParent' | 'childOffsets' | 'childLeaves'>;

export const SOURCE_SHARES = { targeted: 0.5, sibling: 0.1, popular: 0.3, explore: 0.1 } as const;
const MAX_TRIES = 24;

export class LoggingPolicy {
  /** CSR of items by leaf: leafItems[leafOffsets[c] .. leafOffsets[c+1]) */
  private readonly leafOffsets: Int32Array;
  private readonly leafItems: Int32Array;
  private readonly leafSamplers: GroupedAlias;
  private readonly global: OneDrawAlias;
  private candidates = new Int32Array(0);

  constructor(private readonly items: PolicyItems, private readonly catalog: PolicyCatalog, private readonly prefs: UserPrefs) {
    const C = catalog.categoryParent.length;
    const n = items.count;
    this.leafOffsets = new Int32Array(C + 1);
    for (let i = 0; i < n; i++) this.leafOffsets[items.category[i] + 1]++;
    for (let c = 0; c < C; c++) this.leafOffsets[c + 1] += this.leafOffsets[c];
    this.leafItems = new Int32Array(n);
    const fill = this.leafOffsets.slice(0, C);
    for (let i = 0; i < n; i++) this.leafItems[fill[items.category[i]]++] = i;
    const leafWeights = new Float64Array(n);
    for (let k = 0; k < n; k++) leafWeights[k] = items.popularity[this.leafItems[k]];
    this.leafSamplers = new GroupedAlias(leafWeights, this.leafItems, this.leafOffsets);
    this.global = new OneDrawAlias(items.popularity);
  }

  /**
   * Fill `slate` (length slateSize) for user u at `day`; returns how many slots were filled
   * (fewer only when the policy fails MAX_TRIES times to find a new, existing item). O(slateSize²).
   */
  fillSlate(u: number, day: number, slate: Int32Array, rng: Rng): number {
    if (this.candidates.length !== slate.length) this.candidates = new Int32Array(slate.length);
    // draw a candidate for every slot first, then check them: the candidates' createdDay loads are
    // independent, so their cache misses overlap (the simulator is memory-bound at 1M items)
    const S = slate.length;
    const cand = this.candidates;
    let touched = 0;
    for (let pos = 0; pos < S; pos++) {
      cand[pos] = this.draw(u, rng);
      touched += this.items.createdDay[cand[pos]];
    }
    let filled = 0;
    for (let pos = 0; pos < S; pos++) {
      let i = cand[pos];
      for (let t = 0; t < MAX_TRIES; t++) {
        if (t > 0) i = this.draw(u, rng);
        if (this.items.createdDay[i] > day) continue;
        let dup = false;
        for (let j = 0; j < filled; j++) if (slate[j] === i) dup = true;
        if (dup) continue;
        slate[filled++] = i;
        break;
      }
    }
    if (Number.isNaN(touched)) throw new Error('LoggingPolicy: non-finite createdDay');
    return filled;
  }

  /**
   * One candidate from the source mix. Draws: one 32-bit word whose high 16 bits pick the source and
   * (rescaled) the preferred leaf, and whose low 16 bits pick the sibling leaf; plus one for the item.
   */
  private draw(u: number, rng: Rng): number {
    const word = rng.nextUint32();
    const r = (word >>> 16) / 65536;
    const T = SOURCE_SHARES.targeted;
    const S = SOURCE_SHARES.sibling;
    if (r < T + S) {
      // r rescaled within its source band is again uniform, and independent of which band it fell in
      let leaf = this.preferredLeaf(u, r < T ? r / T : (r - T) / S);
      if (r >= T) {
        const top = this.catalog.categoryParent[leaf];
        const lo = this.catalog.childOffsets[top];
        leaf = this.catalog.childLeaves[lo + Math.floor(((word & 0xffff) / 65536) * (this.catalog.childOffsets[top + 1] - lo))];
      }
      const i = this.leafSamplers.sample(leaf, rng.next());
      return i >= 0 ? i : this.global.sample(rng.next());
    }
    if (r < 1 - SOURCE_SHARES.explore) return this.global.sample(rng.next());
    return rng.int(this.items.count);
  }

  /** The preferred leaf whose cumulative-weight interval holds the uniform v. */
  private preferredLeaf(u: number, v: number): number {
    const o = u * PREFS_PER_USER;
    for (let k = 0; k < PREFS_PER_USER - 1; k++) {
      v -= this.prefs.weight[o + k];
      if (v < 0) return this.prefs.leaf[o + k];
    }
    return this.prefs.leaf[o + PREFS_PER_USER - 1];
  }
}
