/**
 * Sampled softmax over in-batch (and extra) negatives with the logQ sampling-bias correction:
 * the reference implementation the tfjs two-tower loss is checked against, and the loss of the
 * hand-written ('js') engine.
 *
 * Row i is a (user, positive item) pair; column j < B is row j's positive item, so the positive of
 * row i is column i (Yi et al., RecSys 2019, eq. 3). Extra columns j ≥ B are shared negatives (e.g.
 * uniform samples). Optional per-row hard negatives add k more logits to each row.
 *
 *   s_ij = u_i·v_j / τ − c · log q_j        (c = 1 correct, 0 off, −1 the wrong-sign bug)
 *   L    = (1/B) Σ_i [ log Σ_j∈unmasked(i) exp s_ij − s_ii ]
 *
 * Masked (excluded from row i): columns holding the same item as row i's positive other than column i
 * ("accidental hits"), and — when in-batch negatives are off — every other row's positive column.
 * Hard-negative logits are u_i·h_ik / τ with no correction (they are not drawn by frequency).
 *
 * Complexity O(B · (C + k) · d). Throws UsageError on inconsistent sizes.
 */
import { UsageError } from '../errors.js';

export interface SampledSoftmaxInput {
  /** B × d user vectors (row-major) */
  u: Float32Array;
  /** C × d candidate item vectors; rows [0, B) are the rows' positives */
  v: Float32Array;
  d: number;
  rowItem: Int32Array;
  /** item id of each of the C columns */
  colItem: Int32Array;
  /** log sampling probability of each column (ignored when correction is 0) */
  logQ: Float32Array;
  correction: number;
  temperature: number;
  inBatch: boolean;
  /** per-row hard negatives: B × k × d */
  hard?: Float32Array;
  k?: number;
}

export interface SampledSoftmaxGrads {
  gu: Float32Array;
  gv: Float32Array;
  gh?: Float32Array;
}

function checkInput(x: SampledSoftmaxInput): { B: number; C: number; k: number } {
  const B = x.rowItem.length;
  const C = x.colItem.length;
  const k = x.hard ? x.k ?? 0 : 0;
  if (!(x.temperature > 0)) throw new UsageError(`sampledSoftmax: temperature must be > 0, got ${x.temperature}`);
  if (C < B) throw new UsageError(`sampledSoftmax: need at least B=${B} columns, got ${C}`);
  if (x.u.length !== B * x.d || x.v.length !== C * x.d || x.logQ.length !== C) {
    throw new UsageError(`sampledSoftmax: sizes disagree (u ${x.u.length}, v ${x.v.length}, logQ ${x.logQ.length}, B ${B}, C ${C}, d ${x.d})`);
  }
  if (x.hard && x.hard.length !== B * k * x.d) throw new UsageError(`sampledSoftmax: hard must be B·k·d = ${B * k * x.d}, got ${x.hard.length}`);
  return { B, C, k };
}

/** true when column j is excluded from row i's softmax */
export function isMasked(i: number, j: number, rowItem: Int32Array, colItem: Int32Array, inBatch: boolean, B: number): boolean {
  if (j === i) return false;
  if (!inBatch && j < B) return true;
  return colItem[j] === rowItem[i];
}

/** The logits of row i (length C + k) into `out`; masked entries are −Infinity. */
function rowLogits(x: SampledSoftmaxInput, i: number, B: number, C: number, k: number, out: Float64Array): void {
  const { u, v, d, temperature: t, correction: c } = x;
  const ou = i * d;
  for (let j = 0; j < C; j++) {
    if (isMasked(i, j, x.rowItem, x.colItem, x.inBatch, B)) {
      out[j] = -Infinity;
      continue;
    }
    let s = 0;
    const ov = j * d;
    for (let e = 0; e < d; e++) s += u[ou + e] * v[ov + e];
    out[j] = s / t - (c !== 0 ? c * x.logQ[j] : 0);
  }
  for (let h = 0; h < k; h++) {
    let s = 0;
    const oh = (i * k + h) * d;
    for (let e = 0; e < d; e++) s += u[ou + e] * x.hard![oh + e];
    out[C + h] = s / t;
  }
}

/**
 * The mean loss, and (when `grads` is given) its gradient with respect to u, v and the hard negatives,
 * written into the caller's buffers (overwritten, not accumulated).
 */
export function sampledSoftmaxLoss(x: SampledSoftmaxInput, grads?: SampledSoftmaxGrads): number {
  const { B, C, k } = checkInput(x);
  const { u, v, d, temperature: t } = x;
  if (grads) {
    grads.gu.fill(0);
    grads.gv.fill(0);
    grads.gh?.fill(0);
  }
  const logits = new Float64Array(C + k);
  let loss = 0;
  for (let i = 0; i < B; i++) {
    rowLogits(x, i, B, C, k, logits);
    let max = -Infinity;
    for (let j = 0; j < C + k; j++) if (logits[j] > max) max = logits[j];
    let z = 0;
    for (let j = 0; j < C + k; j++) z += Math.exp(logits[j] - max);
    const lse = max + Math.log(z);
    loss += lse - logits[i];
    if (!grads) continue;
    const ou = i * d;
    for (let j = 0; j < C + k; j++) {
      const p = Math.exp(logits[j] - lse);
      const g = (p - (j === i ? 1 : 0)) / (B * t);
      if (g === 0) continue;
      const isHard = j >= C;
      const src = isHard ? x.hard! : v;
      const os = isHard ? (i * k + (j - C)) * d : j * d;
      const dst = isHard ? grads.gh! : grads.gv;
      for (let e = 0; e < d; e++) {
        grads.gu[ou + e] += g * src[os + e];
        dst[os + e] += g * u[ou + e];
      }
    }
  }
  return loss / B;
}
