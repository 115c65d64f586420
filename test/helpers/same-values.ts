// Plain-code equality for the hot loops of property tests: compare here, collect the mismatches (with the inputs that
// produced them), and make one `expect(mismatches).toEqual([])` at the end. vitest's `expect` costs ~10 µs a call, which
// in a loop of millions is most of a file's CPU. Numbers compare as `toEqual` compares them: with Object.is (NaN equals
// NaN; 0 and -0 differ).

/** True when both hold the same numbers in the same order (Object.is per element, as `toEqual` does). */
export function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** True when both hold the same [key, value] pairs in the same order (Object.is per number). */
export function samePairs(a: ReadonlyArray<readonly [number, number]>, b: ReadonlyArray<readonly [number, number]>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i][0], b[i][0]) || !Object.is(a[i][1], b[i][1])) return false;
  return true;
}

/**
 * Where `got` and `want` differ (Object.is per element, as `toEqual` compares), each with its index and both values, and
 * a length difference as an entry of its own: `expect(diffValues(a, b)).toEqual([])` fails on the same arrays
 * `expect(a).toEqual(b)` fails on (for two arrays of one type) and names the elements, without walking every element
 * through vitest's generic equality.
 */
export function diffValues(got: ArrayLike<number>, want: ArrayLike<number>): { i: number | 'length'; got: number; want: number }[] {
  const out: { i: number | 'length'; got: number; want: number }[] = [];
  if (got.length !== want.length) out.push({ i: 'length', got: got.length, want: want.length });
  const n = Math.min(got.length, want.length);
  for (let i = 0; i < n; i++) if (!Object.is(got[i], want[i])) out.push({ i, got: got[i], want: want[i] });
  return out;
}
