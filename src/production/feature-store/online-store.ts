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
  /** the row this feature is also kept in, and its place there */
  row?: Row;
  place?: number;
}

/**
 * Features read together, kept beside each other per entity — (value, event time) pairs in one Float64Array — so a
 * read is one hash lookup and one contiguous run instead of a lookup per feature. Written by `put` with the columns.
 */
interface Row {
  width: number;
  ttl: Float64Array;
  slot: Map<number, number>;
  /** per entity: value, time for each feature; time NaN = never written */
  cells: Float64Array;
}

export class OnlineStore {
  private readonly columns = new Map<string, Column>();
  private readonly rows = new Map<string, Row>();
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

  /**
   * Keep `features` also as a row named `name`, for `getRow` (values already stored are copied in). A feature belongs
   * to one row at most. O(values stored of these features).
   */
  defineRow(name: string, features: readonly string[]): void {
    if (this.rows.has(name)) throw new UsageError(`OnlineStore: row ${name} is already defined`);
    const columns = features.map((f) => this.column(f));
    for (const [j, c] of columns.entries()) {
      if (c.row) throw new UsageError(`OnlineStore: feature ${features[j]} already belongs to a row`);
      if (columns.indexOf(c) !== j) throw new UsageError(`OnlineStore: row ${name} names feature ${features[j]} twice`);
    }
    const row: Row = { width: features.length, ttl: Float64Array.from(columns, (c) => c.ttl), slot: new Map(), cells: new Float64Array(features.length * 2 * 1024).fill(NaN) };
    this.rows.set(name, row);
    for (const [j, c] of columns.entries()) {
      c.row = row;
      c.place = j;
      for (const [entity, s] of c.slot) this.putInRow(row, j, entity, c.value[s], c.time[s]);
    }
  }

  /** Upsert; an older event than the one stored is ignored (out-of-order delivery must not roll a value back). O(1) amortised. */
  put(row: FeatureRow): void {
    const c = this.column(row.feature);
    if (c.row) this.putInRow(c.row, c.place ?? 0, row.entity, row.value, row.eventTime);
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

  private putInRow(row: Row, j: number, entity: number, value: number, eventTime: number): void {
    const stride = row.width * 2;
    let s = row.slot.get(entity);
    if (s === undefined) {
      s = row.slot.size;
      if ((s + 1) * stride > row.cells.length) {
        const cells = new Float64Array(row.cells.length * 2).fill(NaN);
        cells.set(row.cells);
        row.cells = cells;
      }
      row.slot.set(entity, s);
    }
    const o = s * stride + 2 * j;
    if (row.cells[o + 1] > eventTime) return;
    row.cells[o] = value;
    row.cells[o + 1] = eventTime;
  }

  /**
   * The row's values for `entity` into `out` (its features in the order defined), each as `get` would return it:
   * NaN where missing, expired or in the future. One lookup. Returns false (out all NaN) when the entity has no row.
   */
  getRow(name: string, entity: number, now: number, out: Float64Array): boolean {
    const row = this.rows.get(name);
    if (!row) throw new UsageError(`OnlineStore: no row ${name}; defined: ${[...this.rows.keys()].join(', ') || 'none'}`);
    const s = row.slot.get(entity);
    if (s === undefined) {
      out.fill(NaN, 0, row.width);
      return false;
    }
    const { cells, ttl } = row;
    for (let j = 0, o = s * row.width * 2; j < row.width; j++, o += 2) {
      const t = cells[o + 1];
      out[j] = t <= now && now - t <= ttl[j] ? cells[o] : NaN;
    }
    return true;
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
