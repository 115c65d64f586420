/**
 * Delivery: events reach the consumer some time after they happen, in an order that is not event-time order (each
 * event's delay is drawn independently, so a later event can overtake an earlier one — what partitions, retries and
 * mobile clients that buffer offline do to a real stream). Deterministic from the Rng.
 */
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';

export interface Delivery {
  /** arrival time of each event (event time + delay), seconds */
  arrival: Float64Array;
  /** event indices in arrival order (ties by event index) */
  order: Int32Array;
}

/** Exponential delays with mean `meanDelaySeconds` (0: arrival = event time, in event order). O(n log n). */
export function deliver(second: ArrayLike<number>, meanDelaySeconds: number, rng: Rng): Delivery {
  if (!(meanDelaySeconds >= 0)) throw new UsageError(`deliver: meanDelaySeconds must be ≥ 0, got ${meanDelaySeconds}`);
  const n = second.length;
  const arrival = new Float64Array(n);
  for (let e = 0; e < n; e++) arrival[e] = second[e] + (meanDelaySeconds > 0 ? rng.exponential(1 / meanDelaySeconds) : 0);
  const order = Int32Array.from({ length: n }, (_, e) => e).sort((a, b) => arrival[a] - arrival[b] || a - b);
  return { arrival, order };
}

/**
 * The disorder of a delivery: for each event, how far its event time lies behind the largest event time delivered
 * before it (0 when in order). An allowed lateness ≥ the maximum drops nothing.
 */
export function disorder(second: ArrayLike<number>, delivery: Delivery): Float64Array {
  const out = new Float64Array(second.length);
  let max = -Infinity;
  for (const e of delivery.order) {
    out[e] = Math.max(0, max - second[e]);
    if (second[e] > max) max = second[e];
  }
  return out;
}
