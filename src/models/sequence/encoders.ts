/**
 * User encoders over a history of item vectors X (n × d, row 0 the most recent): each maps X to a user vector u
 * and, given dL/du, returns dL/dX and accumulates its own parameters' gradients. Plain JS, float64 maths on float32
 * storage; the attention encoder's gradients are checked against finite differences (test/models/sequence.test.ts).
 *
 * - mean: u = (1/n) Σ x_j — the two-tower's mean-pooled history.
 * - recency: u = Σ γ^j x_j / Σ γ^j — newer items weigh more, with a fixed decay γ.
 * - attention: one self-attention step in the style of SASRec (Kang & McAuley 2018) with learned positions p_j
 *   (by recency): y_j = x_j + p_j, the newest item asks (q = Wq y_0), every item answers (k_j = Wk y_j,
 *   v_j = Wv y_j), a = softmax(q·k / √d), u = y_0 + Σ a_j v_j (a residual, so an untrained layer starts as
 *   "the last item"). Causal by construction: only past items are in X. With `query` = r the row r asks
 *   instead (u = y_r + Σ a_j v_j): BERT4Rec's cloze training puts a [mask] row there, with items on both sides.
 *   O(n · d²) forward and backward.
 */
import type { Rng } from '../../core/rng.js';

export const ENCODERS = ['mean', 'recency', 'attention'] as const;
export type EncoderKind = (typeof ENCODERS)[number];

export interface SequenceEncoder {
  readonly kind: EncoderKind;
  /** u (length d) from X (n × d); keeps what backward needs. `query`: the row that asks (attention only; the
   * newest item by default, a [mask] row anywhere for BERT4Rec-style training) */
  forward(x: Float32Array, n: number, u: Float64Array, query?: number): void;
  /** dL/dX (n × d) from dL/du of the last forward; adds the encoder's parameter gradients to its grads */
  backward(gu: Float64Array, gx: Float64Array): void;
  /** dense parameters and their gradient buffers (same order), empty for parameter-free encoders */
  readonly params: Float32Array[];
  readonly grads: Float32Array[];
}

export class MeanEncoder implements SequenceEncoder {
  readonly kind: EncoderKind = 'mean';
  readonly params: Float32Array[] = [];
  readonly grads: Float32Array[] = [];
  private n = 0;
  constructor(readonly dim: number) {}

  forward(x: Float32Array, n: number, u: Float64Array): void {
    const d = this.dim;
    this.n = n;
    u.fill(0);
    for (let j = 0; j < n; j++) for (let c = 0; c < d; c++) u[c] += x[j * d + c] / n;
  }

  backward(gu: Float64Array, gx: Float64Array): void {
    const d = this.dim;
    for (let j = 0; j < this.n; j++) for (let c = 0; c < d; c++) gx[j * d + c] = gu[c] / this.n;
  }
}

export class RecencyEncoder implements SequenceEncoder {
  readonly kind: EncoderKind = 'recency';
  readonly params: Float32Array[] = [];
  readonly grads: Float32Array[] = [];
  private readonly w: Float64Array;
  private n = 0;
  constructor(readonly dim: number, maxLength: number, readonly decay: number) {
    this.w = Float64Array.from({ length: maxLength }, (_, j) => decay ** j);
  }

  private norm(n: number): number {
    let s = 0;
    for (let j = 0; j < n; j++) s += this.w[j];
    return s;
  }

  forward(x: Float32Array, n: number, u: Float64Array): void {
    const d = this.dim;
    this.n = n;
    const z = this.norm(n);
    u.fill(0);
    for (let j = 0; j < n; j++) for (let c = 0; c < d; c++) u[c] += (this.w[j] / z) * x[j * d + c];
  }

  backward(gu: Float64Array, gx: Float64Array): void {
    const d = this.dim;
    const z = this.norm(this.n);
    for (let j = 0; j < this.n; j++) for (let c = 0; c < d; c++) gx[j * d + c] = (this.w[j] / z) * gu[c];
  }
}

export class AttentionEncoder implements SequenceEncoder {
  readonly kind: EncoderKind = 'attention';
  /** Wq, Wk, Wv (d × d, row-major: out = W · in) and positions P (maxLength × d) */
  readonly params: Float32Array[];
  readonly grads: Float32Array[];
  private readonly y: Float64Array;
  private readonly k: Float64Array;
  private readonly v: Float64Array;
  private readonly q: Float64Array;
  private readonly a: Float64Array;
  /** backward's scratch: dL/da, dL/dq and one position's dL/dk, dL/dv */
  private readonly da: Float64Array;
  private readonly dq: Float64Array;
  private readonly dk: Float64Array;
  private readonly dv: Float64Array;
  private n = 0;
  private query = 0;

  constructor(readonly dim: number, readonly maxLength: number, rng: Rng) {
    const d = dim;
    const init = (rows: number, std: number): Float32Array => Float32Array.from({ length: rows * d }, () => rng.normal(0, std));
    this.params = [init(d, 1 / Math.sqrt(d)), init(d, 1 / Math.sqrt(d)), init(d, 1 / Math.sqrt(d)), init(maxLength, 0.01)];
    this.grads = this.params.map((p) => new Float32Array(p.length));
    this.y = new Float64Array(maxLength * d);
    this.k = new Float64Array(maxLength * d);
    this.v = new Float64Array(maxLength * d);
    this.q = new Float64Array(d);
    this.a = new Float64Array(maxLength);
    this.da = new Float64Array(maxLength);
    this.dq = new Float64Array(d);
    this.dk = new Float64Array(d);
    this.dv = new Float64Array(d);
  }

  forward(x: Float32Array, n: number, u: Float64Array, query = 0): void {
    const d = this.dim;
    const [wq, wk, wv, p] = this.params;
    const { y, k, v, q, a } = this;
    this.n = n;
    this.query = query;
    const r = query * d;
    for (let j = 0; j < n * d; j++) y[j] = x[j] + p[j];
    matVec(wq, y, r, q, 0, d);
    const scale = 1 / Math.sqrt(d);
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      matVec(wk, y, j * d, k, j * d, d);
      matVec(wv, y, j * d, v, j * d, d);
      let s = 0;
      for (let c = 0; c < d; c++) s += q[c] * k[j * d + c];
      a[j] = s * scale;
      if (a[j] > max) max = a[j];
    }
    let z = 0;
    for (let j = 0; j < n; j++) z += a[j] = Math.exp(a[j] - max);
    for (let j = 0; j < n; j++) a[j] /= z;
    for (let c = 0; c < d; c++) u[c] = y[r + c];
    for (let j = 0; j < n; j++) for (let c = 0; c < d; c++) u[c] += a[j] * v[j * d + c];
  }

  backward(gu: Float64Array, gx: Float64Array): void {
    const d = this.dim;
    const n = this.n;
    const [wq, wk, wv] = this.params;
    const [gq, gk, gv, gp] = this.grads;
    const { y, k, v, q, a, da, dq, dk, dv } = this;
    const scale = 1 / Math.sqrt(d);
    gx.fill(0, 0, n * d);
    dq.fill(0);
    // u = y_r + Σ a_j v_j, r the asking row
    const r = this.query * d;
    for (let c = 0; c < d; c++) gx[r + c] += gu[c];
    let dot = 0;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += gu[c] * v[j * d + c];
      da[j] = s;
      dot += a[j] * s;
    }
    for (let j = 0; j < n; j++) {
      // softmax backward, then the 1/√d scale of the logits
      const ds = a[j] * (da[j] - dot) * scale;
      for (let c = 0; c < d; c++) {
        dq[c] += ds * k[j * d + c];
        dk[c] = ds * q[c];
        dv[c] = a[j] * gu[c];
      }
      outerAdd(gk, dk, y, j * d, d);
      outerAdd(gv, dv, y, j * d, d);
      matTVecAdd(wk, dk, gx, j * d, d);
      matTVecAdd(wv, dv, gx, j * d, d);
    }
    outerAdd(gq, dq, y, r, d);
    matTVecAdd(wq, dq, gx, r, d);
    for (let j = 0; j < n * d; j++) gp[j] += gx[j];
  }
}

/** out[o..o+d) = W · in[i..i+d). */
function matVec(w: Float32Array, input: Float64Array, i: number, out: Float64Array, o: number, d: number): void {
  for (let r = 0; r < d; r++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += w[r * d + c] * input[i + c];
    out[o + r] = s;
  }
}

/** gW += g ⊗ in[i..i+d). */
function outerAdd(gw: Float32Array, g: Float64Array, input: Float64Array, i: number, d: number): void {
  for (let r = 0; r < d; r++) {
    const gr = g[r];
    if (gr === 0) continue;
    for (let c = 0; c < d; c++) gw[r * d + c] += gr * input[i + c];
  }
}

/** out[o..o+d) += Wᵀ · g. */
function matTVecAdd(w: Float32Array, g: Float64Array, out: Float64Array, o: number, d: number): void {
  for (let r = 0; r < d; r++) {
    const gr = g[r];
    if (gr === 0) continue;
    for (let c = 0; c < d; c++) out[o + c] += w[r * d + c] * gr;
  }
}

/** The encoder of a kind. */
export function makeEncoder(kind: EncoderKind, dim: number, maxLength: number, decay: number, rng: Rng): SequenceEncoder {
  if (kind === 'mean') return new MeanEncoder(dim);
  if (kind === 'recency') return new RecencyEncoder(dim, maxLength, decay);
  return new AttentionEncoder(dim, maxLength, rng);
}
