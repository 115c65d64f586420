/**
 * A stream consumer that keeps features fresh: it reads engagement events in arrival order (which is not event-time
 * order: the network and the producers reorder them) and maintains, per tumbling event-time window, each item's
 * engagement count (the trending score) and each user's leaf-category counts, plus each user's most recent items.
 *
 * Late data is handled with a watermark, as Flink and Kafka Streams do: the watermark is the largest event time seen
 * minus the allowed lateness. An event older than the watermark is dropped and counted; an out-of-order event
 * newer than the watermark is applied to its (past) window — a correction. So with an allowed lateness at least as
 * large as the disorder of the stream, the windowed counts equal a batch recomputation over the same events
 * (test/production/stream-consumer.test.ts holds that as a property). In process and bounded: no broker, no
 * checkpoints; the lesson says what the real engines add and what their delivery guarantees cost.
 */
import { UsageError } from '../../core/errors.js';

export interface ConsumerOptions {
  /** tumbling window length, seconds */
  windowSeconds: number;
  /** how far behind the newest event time an event may be and still count, seconds */
  allowedLatenessSeconds: number;
  /** recent items kept per user (by event time) */
  recentItems: number;
  users: number;
  /** leaf category of each item */
  leafOf: Int32Array;
}

export interface ConsumerStats {
  applied: number;
  /** applied although older than an event already seen (a past window corrected) */
  corrected: number;
  /** older than the watermark: not applied */
  dropped: number;
}

type Counts = Map<number, number>;

function bump(m: Counts, key: number, by = 1): void {
  m.set(key, (m.get(key) ?? 0) + by);
}

export class StreamConsumer implements ConsumerStats {
  applied = 0;
  corrected = 0;
  dropped = 0;
  /** largest event time applied so far */
  maxEventTime = -Infinity;
  /** window index → item → count */
  readonly itemWindows = new Map<number, Counts>();
  /** window index → user → (leaf → count) */
  private readonly userWindows = new Map<number, Map<number, Counts>>();
  private readonly recentTime: Float64Array;
  private readonly recentItem: Int32Array;
  private readonly recentLength: Int32Array;
  private lastWindow = Number.NaN;
  private lastItems: Counts = new Map();
  private lastUsers = new Map<number, Counts>();

  constructor(readonly options: ConsumerOptions) {
    if (!(options.windowSeconds > 0)) throw new UsageError(`StreamConsumer: windowSeconds must be > 0, got ${options.windowSeconds}`);
    if (!(options.allowedLatenessSeconds >= 0)) throw new UsageError(`StreamConsumer: allowedLatenessSeconds must be ≥ 0, got ${options.allowedLatenessSeconds}`);
    if (!(Number.isInteger(options.recentItems) && options.recentItems >= 1)) throw new UsageError(`StreamConsumer: recentItems must be an integer ≥ 1, got ${options.recentItems}`);
    this.recentTime = new Float64Array(options.users * options.recentItems);
    this.recentItem = new Int32Array(options.users * options.recentItems);
    this.recentLength = new Int32Array(options.users);
  }

  /** The watermark: events with an earlier event time are dropped. */
  get watermark(): number {
    return this.maxEventTime - this.options.allowedLatenessSeconds;
  }

  windowOf(second: number): number {
    return Math.floor(second / this.options.windowSeconds);
  }

  /** Apply one event (in arrival order). Returns false when it was dropped as too late. O(recentItems). */
  apply(user: number, item: number, second: number): boolean {
    if (second < this.watermark) {
      this.dropped++;
      return false;
    }
    if (second < this.maxEventTime) this.corrected++;
    else this.maxEventTime = second;
    this.applied++;
    const w = this.windowOf(second);
    // most events land in the window of the one before: keep its maps at hand
    if (w !== this.lastWindow) {
      this.lastWindow = w;
      let items = this.itemWindows.get(w);
      if (!items) this.itemWindows.set(w, (items = new Map()));
      let users = this.userWindows.get(w);
      if (!users) this.userWindows.set(w, (users = new Map()));
      this.lastItems = items;
      this.lastUsers = users;
    }
    bump(this.lastItems, item);
    const users = this.lastUsers;
    let leaves = users.get(user);
    if (!leaves) users.set(user, (leaves = new Map()));
    bump(leaves, this.options.leafOf[item]);
    this.insertRecent(user, item, second);
    return true;
  }

  /** Keep the user's last `recentItems` by event time (a late event slots into place, or falls off the end). */
  private insertRecent(user: number, item: number, second: number): void {
    const R = this.options.recentItems;
    const o = user * R;
    let len = this.recentLength[user];
    // newest first; find the slot, shift the older ones down
    let p = 0;
    while (p < len && this.recentTime[o + p] > second) p++;
    if (p >= R) return;
    if (len < R) len++;
    for (let q = len - 1; q > p; q--) {
      this.recentTime[o + q] = this.recentTime[o + q - 1];
      this.recentItem[o + q] = this.recentItem[o + q - 1];
    }
    this.recentTime[o + p] = second;
    this.recentItem[o + p] = item;
    this.recentLength[user] = len;
  }

  /** The user's recent items, newest first. */
  recent(user: number): Int32Array {
    const R = this.options.recentItems;
    return this.recentItem.subarray(user * R, user * R + this.recentLength[user]);
  }

  /** The user's leaf counts over windows [toWindow − span + 1, toWindow] (summed). */
  userLeafCounts(user: number, toWindow: number, span: number): Counts {
    const out: Counts = new Map();
    for (let w = toWindow - span + 1; w <= toWindow; w++) {
      const leaves = this.userWindows.get(w)?.get(user);
      if (leaves) for (const [l, c] of leaves) bump(out, l, c);
    }
    return out;
  }

  /** Item counts over windows [toWindow − span + 1, toWindow] (summed): the trending score. */
  itemCounts(toWindow: number, span: number): Counts {
    const out: Counts = new Map();
    for (let w = toWindow - span + 1; w <= toWindow; w++) {
      const items = this.itemWindows.get(w);
      if (items) for (const [i, c] of items) bump(out, i, c);
    }
    return out;
  }
}

/** Batch reference: item counts per tumbling window over the given events (the recomputation a stream must match). */
export function batchItemWindows(item: ArrayLike<number>, second: ArrayLike<number>, windowSeconds: number, keep?: ArrayLike<boolean>): Map<number, Counts> {
  const out = new Map<number, Counts>();
  for (let e = 0; e < item.length; e++) {
    if (keep && !keep[e]) continue;
    const w = Math.floor(second[e] / windowSeconds);
    let m = out.get(w);
    if (!m) out.set(w, (m = new Map()));
    bump(m, item[e]);
  }
  return out;
}
