/**
 * The GBDT scoring kernel of the native addon (gbdt.cc beside this file): a model packed once (QuickScorer masks
 * for trees of ≤ 32 leaves, the node walk for larger ones), then rows scored in blocks. Its adapter is
 * src/ranking/gbdt-scorer.ts; the reference is the interpreted walk GbdtModel.predictRawInterpreted, held bit for
 * bit in test/ranking/gbdt-native.test.ts.
 */

/** An opaque handle to a packed model (a tagged external, freed with it). */
export type PackedGbdt = object & { readonly __packedGbdt: unique symbol };

export interface GbdtKernels {
  /** Packs a flattened model (GbdtModel.flatLayout()); throws on links that could escape a tree or loop. */
  gbdtPack(
    treeLeaves: Int32Array, feature: Int32Array, threshold: Float64Array, defaultLeft: Uint8Array,
    left: Int32Array, right: Int32Array, leafValue: Float64Array, numFeatures: number,
  ): PackedGbdt;
  /** out[r] += Σ over the first numTrees trees of their leaf value for row r (out starts at the base score). */
  gbdtScore(model: PackedGbdt, x: Float32Array, numRows: number, numTrees: number, out: Float64Array): void;
}

export const GBDT_FUNCTIONS: readonly (keyof GbdtKernels)[] = ['gbdtPack', 'gbdtScore'];
