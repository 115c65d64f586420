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
import { WindowCounts, type WindowSize } from './window-counts.js';

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
  /** window index → its counts (typed arrays: applying an event allocates nothing) */
  private readonly windows = new Map<number, WindowCounts>();
  private readonly recentTime: Float64Array;
  private readonly recentItem: Int32Array;
  private readonly recentLength: Int32Array;
  private readonly recentHead: Int32Array;
  private lastWindow = Number.NaN;
  private last: WindowCounts | undefined;
  /** the largest window so far: a new window starts at this size, so it rarely grows */
  private sizeHint: WindowSize = { items: 64, users: 64, leaves: 64 };

  constructor(readonly options: ConsumerOptions) {
    if (!(options.windowSeconds > 0)) throw new UsageError(`StreamConsumer: windowSeconds must be > 0, got ${options.windowSeconds}`);
    if (!(options.allowedLatenessSeconds >= 0)) throw new UsageError(`StreamConsumer: allowedLatenessSeconds must be ≥ 0, got ${options.allowedLatenessSeconds}`);
    if (!(Number.isInteger(options.recentItems) && options.recentItems >= 1)) throw new UsageError(`StreamConsumer: recentItems must be an integer ≥ 1, got ${options.recentItems}`);
    this.recentTime = new Float64Array(options.users * options.recentItems);
    this.recentItem = new Int32Array(options.users * options.recentItems);
    this.recentLength = new Int32Array(options.users);
    this.recentHead = new Int32Array(options.users);
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
    // most events land in the window of the one before: keep it at hand
    let counts = this.last;
    if (w !== this.lastWindow || !counts) counts = this.openWindow(w);
    counts.add(user, item, this.options.leafOf[item]);
    this.insertRecent(user, item, second);
    return true;
  }

  private openWindow(w: number): WindowCounts {
    let counts = this.windows.get(w);
    if (!counts) {
      if (this.last) {
        const s = this.last.size;
        const h = this.sizeHint;
        this.sizeHint = { items: Math.max(h.items, s.items), users: Math.max(h.users, s.users), leaves: Math.max(h.leaves, s.leaves) };
      }
      this.windows.set(w, (counts = new WindowCounts(this.sizeHint)));
    }
    this.lastWindow = w;
    this.last = counts;
    return counts;
  }

  /**
   * Keep the user's last `recentItems` by event time (a late event slots into place, or falls off the end). A ring per
   * user, newest first from `recentHead`: the newest event (the common case) is one write, a late one shifts the
   * older ones.
   */
  private insertRecent(user: number, item: number, second: number): void {
    const R = this.options.recentItems;
    const o = user * R;
    const head = this.recentHead[user];
    let len = this.recentLength[user];
    let p = 0;
    let at = head;
    while (p < len && this.recentTime[o + at] > second) {
      p++;
      at = at + 1 === R ? 0 : at + 1;
    }
    if (p >= R) return;
    if (p === 0) {
      at = head === 0 ? R - 1 : head - 1;
      this.recentHead[user] = at;
    } else {
      // shift the older ones down a place (the oldest falls off when full), from the end back to p
      let q = (head + (len < R ? len : R - 1)) % R;
      for (let k = len < R ? len : R - 1; k > p; k--) {
        const prev = q === 0 ? R - 1 : q - 1;
        this.recentTime[o + q] = this.recentTime[o + prev];
        this.recentItem[o + q] = this.recentItem[o + prev];
        q = prev;
      }
    }
    this.recentTime[o + at] = second;
    this.recentItem[o + at] = item;
    if (len < R) len++;
    this.recentLength[user] = len;
  }

  /** The user's recent items, newest first (a copy). */
  recent(user: number): Int32Array {
    const R = this.options.recentItems;
    const len = this.recentLength[user];
    const out = new Int32Array(len);
    for (let k = 0, at = this.recentHead[user]; k < len; k++, at = at + 1 === R ? 0 : at + 1) out[k] = this.recentItem[user * R + at];
    return out;
  }

  /** The user's leaf counts over windows [toWindow − span + 1, toWindow] (summed). */
  userLeafCounts(user: number, toWindow: number, span: number): Counts {
    const out: Counts = new Map();
    for (let w = toWindow - span + 1; w <= toWindow; w++) this.windows.get(w)?.addUserLeaves(user, out);
    return out;
  }

  /** Item counts over windows [toWindow − span + 1, toWindow] (summed): the trending score. */
  itemCounts(toWindow: number, span: number): Counts {
    const out: Counts = new Map();
    for (let w = toWindow - span + 1; w <= toWindow; w++) this.windows.get(w)?.addItems(out);
    return out;
  }

  /** Every window's item counts (window → item → count), built afresh on each read: for checks against a batch. O(entries). */
  get itemWindows(): Map<number, Counts> {
    const out = new Map<number, Counts>();
    for (const [w, counts] of this.windows) {
      const items: Counts = new Map();
      counts.addItems(items);
      out.set(w, items);
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
