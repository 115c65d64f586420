/**
 * An embedding table that lives outside tfjs as a Float32Array, trained with sparse row updates:
 * gradients for the rows a batch touched are summed per row, then applied with row-wise Adagrad
 * (one accumulator per row, as FBGEMM/TorchRec do for large tables) or plain SGD.
 *
 * Why outside tfjs: a dense gradient for a 1M-row table is O(rows × dim) per step, and the tfjs
 * backends here lack a cheap sparse path (DESIGN.md → Engines). Here a step costs O(touched rows × dim).
 *
 * The batch methods (gather, scatter) and apply run in C++ when the table is given the native addon
 * (the 'native' engine: a 50-item history means 50 scattered rows per example, and the JS loops were
 * most of a training step); otherwise in the JS loops below, which are the reference.
 */
import type { Rng } from '../../core/rng.js';
import type { TwoTowerKernels } from '../../native/two-tower/kernel.js';

export type SparseOptimizer = 'adagrad' | 'sgd';

/** A batch of row operations: for q < length, table row ids[q] ↔ batch row rows[q], weighted scales[q]. */
export class RowPlan {
  ids = new Int32Array(256);
  rows = new Int32Array(256);
  scales = new Float32Array(256);
  length = 0;

  clear(): this {
    this.length = 0;
    return this;
  }

  push(id: number, row: number, scale: number): void {
    if (this.length === this.ids.length) {
      const grow = <T extends Int32Array | Float32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.ids = grow(this.ids, (n) => new Int32Array(n));
      this.rows = grow(this.rows, (n) => new Int32Array(n));
      this.scales = grow(this.scales, (n) => new Float32Array(n));
    }
    this.ids[this.length] = id;
    this.rows[this.length] = row;
    this.scales[this.length] = scale;
    this.length++;
  }
}

/** out[o..o+dim) += scale · row r of a rows × dim table: the one pooling step (a trained table and its cached copy share it). */
export function addRow(data: Float32Array, dim: number, r: number, out: Float32Array, o: number, scale: number): void {
  const src = r * dim;
  for (let e = 0; e < dim; e++) out[o + e] += scale * data[src + e];
}

export class EmbeddingTable {
  readonly data: Float32Array;
  /** 1 for rows that received at least one gradient (an untouched id row is "never seen in training") */
  readonly touched: Uint8Array;
  private readonly accum: Float32Array;
  private readonly slotOf: Int32Array;
  /** table row of each pending slot, slots [0, count) */
  private slotRows = new Int32Array(256);
  private count = 0;
  private grad: Float32Array;

  constructor(readonly rows: number, readonly dim: number, rng: Rng, initStd: number, private readonly native: TwoTowerKernels | null = null) {
    this.data = new Float32Array(rows * dim);
    for (let i = 0; i < this.data.length; i++) this.data[i] = rng.normal(0, initStd);
    this.touched = new Uint8Array(rows);
    this.accum = new Float32Array(rows).fill(0.1);
    this.slotOf = new Int32Array(rows).fill(-1);
    this.grad = new Float32Array(256 * dim);
  }

  /** out[o..o+dim) += scale · row r. O(dim). */
  addRowTo(r: number, out: Float32Array, o: number, scale: number): void {
    addRow(this.data, this.dim, r, out, o, scale);
  }

  /** out row plan.rows[q] += plan.scales[q] · table row plan.ids[q], for every q. O(plan · dim). */
  gather(plan: RowPlan, out: Float32Array): void {
    const n = plan.length;
    if (n === 0) return;
    if (this.native) {
      this.native.gatherRows(this.data, this.dim, plan.ids.subarray(0, n), plan.rows.subarray(0, n), plan.scales.subarray(0, n), out);
      return;
    }
    for (let q = 0; q < n; q++) this.addRowTo(plan.ids[q], out, plan.rows[q] * this.dim, plan.scales[q]);
  }

  /** Room for `extra` more pending slots. */
  private reserve(extra: number): void {
    const need = this.count + extra;
    if (need > this.slotRows.length) {
      const rows = new Int32Array(Math.max(need, this.slotRows.length * 2));
      rows.set(this.slotRows.subarray(0, this.count));
      this.slotRows = rows;
    }
    if (need * this.dim > this.grad.length) {
      const bigger = new Float32Array(Math.max(need * this.dim, this.grad.length * 2));
      bigger.set(this.grad.subarray(0, this.count * this.dim));
      this.grad = bigger;
    }
  }

  /** Accumulate scale · g[o..o+dim) into row r's pending gradient. O(dim). */
  addGrad(r: number, g: Float32Array, o: number, scale: number): void {
    let s = this.slotOf[r];
    if (s < 0) {
      this.reserve(1);
      s = this.count++;
      this.slotOf[r] = s;
      this.slotRows[s] = r;
      this.grad.fill(0, s * this.dim, (s + 1) * this.dim);
    }
    const d = this.dim;
    const dst = s * d;
    for (let e = 0; e < d; e++) this.grad[dst + e] += scale * g[o + e];
  }

  /** Pending gradient of row plan.ids[q] += plan.scales[q] · g row plan.rows[q], for every q. O(plan · dim). */
  scatter(plan: RowPlan, g: Float32Array): void {
    const n = plan.length;
    if (n === 0) return;
    if (this.native) {
      this.reserve(n);
      this.count = this.native.scatterRows(
        this.dim, plan.ids.subarray(0, n), plan.rows.subarray(0, n), plan.scales.subarray(0, n), g, this.slotOf, this.slotRows, this.count, this.grad,
      );
      return;
    }
    for (let q = 0; q < n; q++) this.addGrad(plan.ids[q], g, plan.rows[q] * this.dim, plan.scales[q]);
  }

  /**
   * Apply the pending gradients and clear them. Row-wise Adagrad: G_r += mean(g_r²),
   * row −= lr · g_r / √G_r (Duchi et al., 2011, with one accumulator per row). O(touched · dim).
   */
  apply(lr: number, optimizer: SparseOptimizer): number {
    const d = this.dim;
    const n = this.count;
    if (this.native) {
      this.native.applyRows(this.data, this.accum, this.touched, this.slotOf, this.slotRows, n, this.grad, d, lr, optimizer === 'adagrad');
      this.count = 0;
      return n;
    }
    for (let s = 0; s < n; s++) {
      const r = this.slotRows[s];
      const go = s * d;
      let step = lr;
      if (optimizer === 'adagrad') {
        let sq = 0;
        for (let e = 0; e < d; e++) sq += this.grad[go + e] ** 2;
        this.accum[r] += sq / d;
        step = lr / Math.sqrt(this.accum[r]);
      }
      const ro = r * d;
      for (let e = 0; e < d; e++) this.data[ro + e] -= step * this.grad[go + e];
      this.touched[r] = 1;
      this.slotOf[r] = -1;
    }
    this.count = 0;
    return n;
  }

  /** Bytes held: values, per-row accumulator, touched flags and slot map. */
  static bytes(rows: number, dim: number): number {
    return rows * (dim * 4 + 4 + 1 + 4);
  }
}
