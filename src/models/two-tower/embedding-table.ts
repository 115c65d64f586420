/**
 * An embedding table that lives outside tfjs as a Float32Array, trained with sparse row updates:
 * gradients for the rows a batch touched are summed per row, then applied with row-wise Adagrad
 * (one accumulator per row, as FBGEMM/TorchRec do for large tables) or plain SGD.
 *
 * Why outside tfjs: a dense gradient for a 1M-row table is O(rows × dim) per step, and the tfjs
 * backends here lack a cheap sparse path (DESIGN.md → Engines). Here a step costs O(touched rows × dim).
 */
import type { Rng } from '../../core/rng.js';

export type SparseOptimizer = 'adagrad' | 'sgd';

export class EmbeddingTable {
  readonly data: Float32Array;
  /** 1 for rows that received at least one gradient (an untouched id row is "never seen in training") */
  readonly touched: Uint8Array;
  private readonly accum: Float32Array;
  private readonly slotOf: Int32Array;
  private slotRows: number[] = [];
  private grad: Float32Array;

  constructor(readonly rows: number, readonly dim: number, rng: Rng, initStd: number) {
    this.data = new Float32Array(rows * dim);
    for (let i = 0; i < this.data.length; i++) this.data[i] = rng.normal(0, initStd);
    this.touched = new Uint8Array(rows);
    this.accum = new Float32Array(rows).fill(0.1);
    this.slotOf = new Int32Array(rows).fill(-1);
    this.grad = new Float32Array(256 * dim);
  }

  /** out[o..o+dim) += scale · row r. O(dim). */
  addRowTo(r: number, out: Float32Array, o: number, scale: number): void {
    const d = this.dim;
    const src = r * d;
    for (let e = 0; e < d; e++) out[o + e] += scale * this.data[src + e];
  }

  /** Accumulate scale · g[o..o+dim) into row r's pending gradient. O(dim). */
  addGrad(r: number, g: Float32Array, o: number, scale: number): void {
    let s = this.slotOf[r];
    if (s < 0) {
      s = this.slotRows.length;
      this.slotOf[r] = s;
      this.slotRows.push(r);
      if ((s + 1) * this.dim > this.grad.length) {
        const bigger = new Float32Array(this.grad.length * 2);
        bigger.set(this.grad);
        this.grad = bigger;
      }
      this.grad.fill(0, s * this.dim, (s + 1) * this.dim);
    }
    const d = this.dim;
    const dst = s * d;
    for (let e = 0; e < d; e++) this.grad[dst + e] += scale * g[o + e];
  }

  /**
   * Apply the pending gradients and clear them. Row-wise Adagrad: G_r += mean(g_r²),
   * row −= lr · g_r / √G_r (Duchi et al., 2011, with one accumulator per row). O(touched · dim).
   */
  apply(lr: number, optimizer: SparseOptimizer): number {
    const d = this.dim;
    const n = this.slotRows.length;
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
    this.slotRows = [];
    return n;
  }

  /** Bytes held: values, per-row accumulator, touched flags and slot map. */
  static bytes(rows: number, dim: number): number {
    return rows * (dim * 4 + 4 + 1 + 4);
  }
}
