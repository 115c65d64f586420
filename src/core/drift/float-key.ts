/**
 * Order-preserving integer keys for float64 values, shared by the bucketed PSI and KS: the high
 * 32 bits of the IEEE-754 pattern (sign, exponent, 20 mantissa bits) with the sign bit flipped for
 * non-negative values and every bit flipped for negative ones, so unsigned order = numeric order.
 */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = -1;
/** the high word of a float64 is the second uint32 on little-endian machines (every platform Node runs on today) */
const LITTLE_ENDIAN = u32[1] === 0xbff00000;

/** The key of x; −0 maps with +0 (they are equal values and must share a bucket). O(1). */
export function highKey(x: number): number {
  f64[0] = x === 0 ? 0 : x;
  const h = u32[LITTLE_ENDIAN ? 1 : 0];
  return h & 0x80000000 ? ~h >>> 0 : (h | 0x80000000) >>> 0;
}

/**
 * highKey of every value, or the index of the first NaN (keys then undefined). A Float64Array is read
 * through a Uint32Array view of its high words: no scratch write per value, which made the keyed
 * passes of KS and PSI ~2× faster at 1M values (bench/drift.bench.ts). O(n).
 */
export function highKeys(v: ArrayLike<number>): { keys: Uint32Array; nanAt: number } {
  const n = v.length;
  const keys = new Uint32Array(n);
  if (v instanceof Float64Array && v.byteOffset % 4 === 0 && LITTLE_ENDIAN) {
    const w = new Uint32Array(v.buffer, v.byteOffset, n * 2);
    for (let i = 0; i < n; i++) {
      let h = w[2 * i + 1];
      const lo = w[2 * i];
      if ((h & 0x7ff00000) === 0x7ff00000 && ((h & 0xfffff) | lo) !== 0) return { keys, nanAt: i };
      if (h === 0x80000000 && lo === 0) h = 0; // −0 keys as +0
      keys[i] = h & 0x80000000 ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    }
    return { keys, nanAt: -1 };
  }
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (x !== x) return { keys, nanAt: i };
    keys[i] = highKey(x);
  }
  return { keys, nanAt: -1 };
}
