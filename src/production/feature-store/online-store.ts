/**
 * The online feature store: the latest value per (feature, entity) in process memory with a TTL — what Redis or
 * DynamoDB is in production (the guide quotes < 10 ms there; in process a read is a hash lookup).
 * It is fed the same FeatureRow stream as the offline store, so both hold the same definitions' values.
 */
import { UsageError } from '../../core/errors.js';
import type { FeatureRow } from './offline-store.js';

interface Column {
  ttl: number;
  slot: Map<number, number>;
  value: Float64Array;
  time: Float64Array;
}

export class OnlineStore {
  private readonly columns = new Map<string, Column>();
  private readonly ttlByFeature: Map<string, number>;
  readonly defaultTtl: number;

  /**
   * `defaultTtl`: a value older than this (in the store's time unit, days here) reads as missing;
   * `ttlByFeature` overrides it per feature (a feature definition's window is its natural TTL).
   */
  constructor(defaultTtl: number, ttlByFeature: Record<string, number> = {}) {
    if (!(defaultTtl > 0)) throw new UsageError(`OnlineStore: ttl must be > 0, got ${defaultTtl}`);
    for (const [f, t] of Object.entries(ttlByFeature)) {
      if (!(t > 0)) throw new UsageError(`OnlineStore: ttl of ${f} must be > 0, got ${t}`);
    }
    this.defaultTtl = defaultTtl;
    this.ttlByFeature = new Map(Object.entries(ttlByFeature));
  }

  ttl(feature: string): number {
    return this.ttlByFeature.get(feature) ?? this.defaultTtl;
  }

  private column(feature: string): Column {
    let c = this.columns.get(feature);
    if (!c) {
      c = { ttl: this.ttl(feature), slot: new Map(), value: new Float64Array(1024), time: new Float64Array(1024) };
      this.columns.set(feature, c);
    }
    return c;
  }

  /** Upsert; an older event than the one stored is ignored (out-of-order delivery must not roll a value back). O(1) amortised. */
  put(row: FeatureRow): void {
    const c = this.column(row.feature);
    let s = c.slot.get(row.entity);
    if (s === undefined) {
      s = c.slot.size;
      if (s >= c.value.length) {
        const v = new Float64Array(c.value.length * 2);
        v.set(c.value);
        const t = new Float64Array(c.time.length * 2);
        t.set(c.time);
        c.value = v;
        c.time = t;
      }
      c.slot.set(row.entity, s);
    } else if (c.time[s] > row.eventTime) {
      return;
    }
    c.value[s] = row.value;
    c.time[s] = row.eventTime;
  }

  /** The stored value if its event time is within the TTL of `now` (and not in the future); NaN otherwise. O(1). */
  get(feature: string, entity: number, now: number): number {
    const c = this.columns.get(feature);
    if (!c) return NaN;
    const s = c.slot.get(entity);
    if (s === undefined) return NaN;
    const t = c.time[s];
    return t <= now && now - t <= c.ttl ? c.value[s] : NaN;
  }

  /** Entries held, all features. */
  size(): number {
    let n = 0;
    for (const c of this.columns.values()) n += c.slot.size;
    return n;
  }
}
