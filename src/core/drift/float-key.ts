/**
 * Order-preserving integer keys for float64 values, shared by the bucketed PSI and KS: the high
 * 32 bits of the IEEE-754 pattern (sign, exponent, 20 mantissa bits) with the sign bit flipped for
 * non-negative values and every bit flipped for negative ones, so unsigned order = numeric order.
 */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** The key of x; −0 maps with +0 (they are equal values and must share a bucket). O(1). */
export function highKey(x: number): number {
  f64[0] = x === 0 ? 0 : x;
  const h = u32[1];
  return h & 0x80000000 ? ~h >>> 0 : (h | 0x80000000) >>> 0;
}
