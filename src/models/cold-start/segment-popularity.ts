/**
 * Popular-in-segment: for a user we know nothing about but demographics, recommend what people like
 * them engaged with. A segment is a combination of demographic fields (by default country, age band
 * and device); a segment with too little data falls back by dropping the last field, down to everyone
 * — small segments give noisy lists, and a field that does not predict taste only fragments the data.
 *
 * Built once from the train split: O(train interactions · levels + segments · listLength log listLength).
 */
import { UsageError } from '../../core/errors.js';
import { topK } from '../../core/vec.js';
import type { World } from '../../data/world-types.js';

export interface Demographics {
  ageBand: number;
  country: number;
  device: number;
}

export type SegmentField = keyof Demographics;
export const SEGMENT_FIELDS: readonly SegmentField[] = ['country', 'ageBand', 'device'];

export interface SegmentPopularity {
  /** top-k items for the user's segment, never an item in `exclude` (what the user already has) */
  recommend(user: Demographics, k: number, exclude?: ReadonlySet<number>): Int32Array;
  /** which level answered for this user, e.g. "country+ageBand" or "everyone" */
  levelFor(user: Demographics): string;
}

export interface SegmentOptions {
  /** fields that define a segment, most general first (default country, ageBand, device) */
  by?: SegmentField[];
  /** a segment answers only with at least this many train events (default 200) */
  minEvents?: number;
  listLength?: number;
  /**
   * users whose own engagements must not be counted — the users being evaluated as "new", who could
   * not have contributed yet (with small segments their own history would otherwise fill their list)
   */
  excludeUsers?: ReadonlySet<number>;
}

export function buildSegmentPopularity(world: World, opts: SegmentOptions = {}): SegmentPopularity {
  const by = opts.by ?? ['country', 'ageBand', 'device'];
  const minEvents = opts.minEvents ?? 200;
  const listLength = opts.listLength ?? 1000;
  if (!(minEvents >= 0)) throw new UsageError(`segment popularity: minEvents must be ≥ 0, got ${minEvents}`);
  for (const f of by) if (!SEGMENT_FIELDS.includes(f)) throw new UsageError(`segment popularity: unknown field "${f}"; fields: ${SEGMENT_FIELDS.join(', ')}`);
  const { users, interactions: I, config: c } = world;
  const size: Record<SegmentField, number> = { country: c.numCountries, ageBand: c.numAgeBands, device: c.numDevices };
  // level l uses the first (by.length − l) fields; the last level is everyone
  const levels = Array.from({ length: by.length + 1 }, (_, l) => by.slice(0, by.length - l));
  const names = levels.map((f) => (f.length ? f.join('+') : 'everyone'));
  const keyOf = levels.map((fields) => (u: Demographics) => fields.reduce((key, f) => key * size[f] + u[f], 0));
  const counts = levels.map(() => new Map<number, Map<number, number>>());
  const totals = levels.map(() => new Map<number, number>());
  for (let k = 0; k < world.split.trainCount; k++) {
    const u = I.user[k];
    if (opts.excludeUsers?.has(u)) continue;
    const d = { ageBand: users.ageBand[u], country: users.country[u], device: users.device[u] };
    for (let l = 0; l < levels.length; l++) {
      const key = keyOf[l](d);
      let m = counts[l].get(key);
      if (!m) counts[l].set(key, (m = new Map()));
      m.set(I.item[k], (m.get(I.item[k]) ?? 0) + 1);
      totals[l].set(key, (totals[l].get(key) ?? 0) + 1);
    }
  }
  const lists = levels.map(() => new Map<number, Int32Array>());
  const listFor = (l: number, key: number): Int32Array => {
    let list = lists[l].get(key);
    if (!list) {
      const m = counts[l].get(key) ?? new Map<number, number>();
      const ids = Int32Array.from(m.keys()).sort();
      // topK breaks equal counts by position, and ids are ascending: ties go to the lower item id
      list = Int32Array.from(topK(Float64Array.from(ids, (i) => m.get(i)!), listLength), (p) => ids[p]);
      lists[l].set(key, list);
    }
    return list;
  };
  const levelIndex = (u: Demographics): number => {
    for (let l = 0; l < levels.length - 1; l++) if ((totals[l].get(keyOf[l](u)) ?? 0) >= minEvents) return l;
    return levels.length - 1;
  };
  return {
    levelFor: (u) => names[levelIndex(u)],
    recommend(user, k, exclude = new Set()) {
      const out: number[] = [];
      const taken = new Set<number>();
      // walk the answering level, then coarser levels, until k items the user does not have are found
      for (let l = levelIndex(user); l < levels.length && out.length < k; l++) {
        for (const item of listFor(l, keyOf[l](user))) {
          if (out.length >= k) break;
          if (exclude.has(item) || taken.has(item)) continue;
          taken.add(item);
          out.push(item);
        }
      }
      return Int32Array.from(out);
    },
  };
}
