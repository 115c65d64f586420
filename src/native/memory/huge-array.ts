/**
 * A Float64Array for a large output (tens of MB) whose first write does not fault once per 4 KB page. On this kind
 * of machine (a VM where each first touch of a page is a trap to the host) those faults cost more than the arithmetic
 * that fills the array: 10M doubles take ~20,000 faults. With the addon loaded and the array at least HUGE_ARRAY_BYTES,
 * its memory is advised onto transparent huge pages (one fault per 2 MB, as numpy does for arrays of 4 MB and more);
 * otherwise it is a plain Float64Array. Either way it is zero-filled and owned by V8.
 */
import { loadNative } from '../addon.js';

/** below this an array fits in memory the allocator already holds, and the advice would cost more than it saves */
export const HUGE_ARRAY_BYTES = 4 << 20;

export function hugeFloat64Array(n: number): Float64Array {
  const out = new Float64Array(n);
  if (out.byteLength >= HUGE_ARRAY_BYTES) loadNative()?.adviseHugePages(out, false);
  return out;
}
