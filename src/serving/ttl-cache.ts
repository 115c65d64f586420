/**
 * A small time-to-live cache with a bounded size, evicting the least recently inserted entry —
 * the shape of a Redis cache of user embeddings ("1 hour TTL" in the guide). Time comes from an
 * injected clock so a load test can run on simulated time and its hit rate is reproducible.
 */
import { UsageError } from '../core/errors.js';

export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();
  hits = 0;
  misses = 0;

  constructor(
    readonly ttlMs: number,
    readonly maxEntries: number,
    private readonly clock: () => number,
  ) {
    if (!(ttlMs >= 0)) throw new UsageError(`TtlCache: ttlMs must be ≥ 0, got ${ttlMs}`);
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new UsageError(`TtlCache: maxEntries must be an integer ≥ 1, got ${maxEntries}`);
  }

  /** The cached value, or undefined when absent or expired (a TTL of 0 disables the cache). */
  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (e && e.expires > this.clock()) {
      this.hits++;
      return e.value;
    }
    if (e) this.entries.delete(key);
    this.misses++;
    return undefined;
  }

  set(key: K, value: V): void {
    if (this.ttlMs === 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expires: this.clock() + this.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }

  hitRate(): number {
    const n = this.hits + this.misses;
    return n === 0 ? 0 : this.hits / n;
  }
}
