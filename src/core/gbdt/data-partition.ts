/**
 * Which rows sit in which leaf (LightGBM's DataPartition): one index array, each leaf a contiguous
 * range [start, start + count). A split partitions a leaf's range in place — left rows first, right rows
 * after — so no per-row allocation happens during training.
 */
export class DataPartition {
  readonly indices: Int32Array;
  readonly leafStart: Int32Array;
  readonly leafCount: Int32Array;
  private readonly scratch: Int32Array;
  numUsed = 0;

  constructor(numRows: number, maxLeaves: number) {
    this.indices = new Int32Array(numRows);
    this.scratch = new Int32Array(numRows);
    this.leafStart = new Int32Array(maxLeaves);
    this.leafCount = new Int32Array(maxLeaves);
  }

  /** Reset to one leaf holding `used` (bagged rows) or all rows 0..numRows−1. O(n). */
  init(numRows: number, used?: Int32Array): void {
    if (used) {
      this.indices.set(used);
      this.numUsed = used.length;
    } else {
      for (let i = 0; i < numRows; i++) this.indices[i] = i;
      this.numUsed = numRows;
    }
    this.leafStart.fill(0);
    this.leafCount.fill(0);
    this.leafCount[0] = this.numUsed;
  }

  /**
   * Split `leaf` on one feature of the row-major bins: rows with bin ≤ threshold go left (stay `leaf`), others go to
   * `newLeaf`; rows in the missing bin follow `defaultLeft`. Stable, O(rows in leaf).
   * Returns the number of rows that went left.
   */
  split(
    leaf: number, newLeaf: number, bins: Uint8Array, numFeatures: number, feature: number, thresholdBin: number, missingBin: number, defaultLeft: boolean,
    partition: typeof partitionRows = partitionRows,
  ): number {
    const start = this.leafStart[leaf];
    const count = this.leafCount[leaf];
    const leftCount = partition(this.indices, this.scratch, start, count, bins, numFeatures, feature, thresholdBin, missingBin, defaultLeft);
    this.leafCount[leaf] = leftCount;
    this.leafStart[newLeaf] = start + leftCount;
    this.leafCount[newLeaf] = count - leftCount;
    return leftCount;
  }
}

/**
 * Stable in-place partition of idx[start, start + count): rows whose bin of `feature` is ≤ thresholdBin (or missing,
 * when defaultLeft) first, the others after them (through `scratch`). Returns the left count. O(count).
 */
export function partitionRows(
  idx: Int32Array, scratch: Int32Array, start: number, count: number, bins: Uint8Array, numFeatures: number,
  feature: number, thresholdBin: number, missingBin: number, defaultLeft: boolean,
): number {
  let l = start;
  let r = 0;
  for (let i = start; i < start + count; i++) {
    const row = idx[i];
    const b = bins[row * numFeatures + feature];
    const goLeft = b === missingBin ? defaultLeft : b <= thresholdBin;
    if (goLeft) idx[l++] = row;
    else scratch[r++] = row;
  }
  for (let k = 0; k < r; k++) idx[l + k] = scratch[k];
  return l - start;
}
