/**
 * The memory kernel of the native addon (memory.cc beside this file): advice that a large typed array be backed by
 * transparent huge pages before its first write. Its adapter is hugeFloat64Array (huge-array.ts beside this file); the
 * JS reference is a plain `new Float64Array(n)`, which it equals element for element (test/native/memory.test.ts).
 */
export interface MemoryKernels {
  /**
   * madvise(MADV_HUGEPAGE) on the 2 MB-aligned interior of `array`'s memory (and, with populate, fault it in now).
   * Returns the bytes advised: 0 when the array spans no aligned 2 MB page or the kernel refused.
   */
  adviseHugePages(array: ArrayBufferView, populate: boolean): number;
}

export const MEMORY_FUNCTIONS: readonly (keyof MemoryKernels)[] = ['adviseHugePages'];
