/**
 * The online side of the stream: the consumer writes each user's fresh features (top recent leaves with their counts,
 * the most recent items) to an online store, and serving reads them back per request. Two stores behind one
 * interface: the embedded one (the lab's in-process OnlineStore, the default) and Redis (a real server on loopback,
 * so a read pays a network round trip and string encoding). Both must return the same features for the same writes.
 */
import { OnlineStore } from '../feature-store/online-store.js';
import type { RespClient } from '../feature-store/resp-client.js';

/** recent leaves kept per user in the online store */
export const LEAF_FEATURES = 3;

export interface UserFeatures {
  leaves: number[];
  leafCounts: number[];
  recent: number[];
}

export interface UserFeatureStore {
  readonly kind: 'embedded' | 'redis';
  write(user: number, features: UserFeatures, second: number): Promise<void>;
  read(user: number, second: number): UserFeatures | Promise<UserFeatures>;
}

/** The user's top leaves by count (ties by leaf id) and recent items: what the consumer publishes. */
export function userFeaturesFrom(leafCounts: Map<number, number>, recent: ArrayLike<number>): UserFeatures {
  const top = [...leafCounts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, LEAF_FEATURES);
  return { leaves: top.map(([l]) => l), leafCounts: top.map(([, c]) => c), recent: Array.from(recent) };
}

export class EmbeddedUserFeatures implements UserFeatureStore {
  readonly kind = 'embedded';
  private readonly store: OnlineStore;
  // feature names built once: a template string per lookup would cost more than the lookup
  private readonly leafNames = Array.from({ length: LEAF_FEATURES }, (_, j) => `recent_leaf_${j}`);
  private readonly countNames = Array.from({ length: LEAF_FEATURES }, (_, j) => `recent_leaf_count_${j}`);
  private readonly itemNames: string[];
  /** the user's row as read: leaves, then counts, then recent items (reused by every read) */
  private readonly row: Float64Array;

  constructor(ttlSeconds: number, private readonly recentItems: number) {
    this.store = new OnlineStore(ttlSeconds);
    this.itemNames = Array.from({ length: recentItems }, (_, j) => `recent_item_${j}`);
    // one row per user, kept by the store beside its columns: a read is one lookup instead of 6 + recentItems
    this.store.defineRow('user', [...this.leafNames, ...this.countNames, ...this.itemNames]);
    this.row = new Float64Array(2 * LEAF_FEATURES + recentItems);
  }

  async write(user: number, f: UserFeatures, second: number): Promise<void> {
    const put = (feature: string, value: number): void => this.store.put({ feature, entity: user, eventTime: second, value });
    for (let j = 0; j < LEAF_FEATURES; j++) {
      put(this.leafNames[j], f.leaves[j] ?? -1);
      put(this.countNames[j], f.leafCounts[j] ?? 0);
    }
    for (let j = 0; j < this.recentItems; j++) put(this.itemNames[j], f.recent[j] ?? -1);
  }

  read(user: number, second: number): UserFeatures {
    const out: UserFeatures = { leaves: [], leafCounts: [], recent: [] };
    const row = this.row;
    if (!this.store.getRow('user', user, second, row)) return out;
    for (let j = 0; j < LEAF_FEATURES; j++) {
      const l = row[j];
      if (!(l >= 0)) break;
      out.leaves.push(l);
      out.leafCounts.push(row[LEAF_FEATURES + j]);
    }
    for (let j = 0; j < this.recentItems; j++) {
      const i = row[2 * LEAF_FEATURES + j];
      if (!(i >= 0)) break;
      out.recent.push(i);
    }
    return out;
  }
}

/** One hash per user: fields l (leaves), c (counts), r (recent items), each a comma-separated list; t its event time. */
export class RedisUserFeatures implements UserFeatureStore {
  readonly kind = 'redis';

  constructor(private readonly client: RespClient, private readonly prefix = 'u:') {}

  async write(user: number, f: UserFeatures, second: number): Promise<void> {
    await this.client.call('HSET', `${this.prefix}${user}`, 'l', f.leaves.join(','), 'c', f.leafCounts.join(','), 'r', f.recent.join(','), 't', second);
  }

  async read(user: number): Promise<UserFeatures> {
    const reply = await this.client.call('HMGET', `${this.prefix}${user}`, 'l', 'c', 'r');
    const [l, c, r] = Array.isArray(reply) ? reply : [];
    const list = (v: unknown): number[] => (typeof v === 'string' && v.length ? v.split(',').map(Number) : []);
    return { leaves: list(l), leafCounts: list(c), recent: list(r) };
  }
}

/** Equal features (the same lists, in order). */
export function sameFeatures(a: UserFeatures, b: UserFeatures): boolean {
  const eq = (x: number[], y: number[]): boolean => x.length === y.length && x.every((v, k) => v === y[k]);
  return eq(a.leaves, b.leaves) && eq(a.leafCounts, b.leafCounts) && eq(a.recent, b.recent);
}
