/**
 * The exact-search kernel of the native addon (exact.cc beside this file): top-k by inner product or negated squared
 * L2 for one query or a batch, reading the matrix once per block of rows for the whole batch; and streamRead, the
 * memory-bandwidth bound it is measured against. Its adapter is ExactIndex (src/retrieval/exact.ts); the JS reference
 * is src/retrieval/exact-js.ts, held bit for bit in test/retrieval/exact-native.test.ts.
 */
export interface ExactKernels {
  /** For each of nq queries, its top min(k, n) rows (best first; ties by lower row) at [q·k, …), padded −1 / −Infinity. metric 0 = ip, 1 = l2. */
  exactSearch(
    matrix: Float32Array, n: number, dim: number, metric: 0 | 1, queries: Float32Array, nq: number, k: number,
    outRows: Int32Array, outScores: Float32Array,
  ): void;
  /** The sum of every value of `matrix`, read with wide accumulators: one streaming pass at the memory's pace. */
  streamRead(matrix: Float32Array): number;
}

export const EXACT_FUNCTIONS: readonly (keyof ExactKernels)[] = ['exactSearch', 'streamRead'];
