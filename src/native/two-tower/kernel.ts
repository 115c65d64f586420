/**
 * The two-tower kernels of the native addon (binding.cc beside this file): the dense step and the embedding tables'
 * sparse row work. Their adapters and JS references are in src/models/two-tower (dense-native.ts against dense-js.ts,
 * embedding-table.ts's native path against its JS loops), tested in test/models/two-tower-native.test.ts.
 */
export interface TwoTowerKernels {
  step(
    sizes: number[], params: Float32Array[], grads: Float32Array[], xu: Float32Array, xi: Float32Array,
    B: number, C: number, k: number, rowItem: Int32Array, colItem: Int32Array, logQ: Float32Array,
    correction: number, temperature: number, inBatch: boolean, threads: number, gxu: Float32Array, gxi: Float32Array,
  ): number;
  encode(sizes: number[], params: Float32Array[], tower: 0 | 1, x: Float32Array, n: number, out: Float32Array): void;
  gatherRows(table: Float32Array, d: number, ids: Int32Array, rows: Int32Array, scales: Float32Array | null, out: Float32Array): void;
  scatterRows(
    d: number, ids: Int32Array, rows: Int32Array, scales: Float32Array | null, g: Float32Array,
    slotOf: Int32Array, slotRows: Int32Array, count: number, grad: Float32Array,
  ): number;
  applyRows(
    table: Float32Array, accum: Float32Array, touched: Uint8Array, slotOf: Int32Array, slotRows: Int32Array,
    count: number, grad: Float32Array, d: number, lr: number, adagrad: boolean,
  ): void;
}

export const TWO_TOWER_FUNCTIONS: readonly (keyof TwoTowerKernels)[] = ['step', 'encode', 'gatherRows', 'scatterRows', 'applyRows'];
