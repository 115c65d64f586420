/**
 * The tfjs dense engine: both towers, L2 normalisation and the sampled-softmax loss with logQ
 * correction as tfjs ops, with the backward pass written out by hand in tfjs ops (no autodiff tape).
 *
 * Why by hand: on the wasm backend, matMul with transposeA/transposeB runs ~15× slower than an
 * explicit transpose followed by a plain matMul (0.9 ms vs 14 ms for 512×64·64×512, measured here),
 * and autodiff's MatMul gradient uses the transposed forms. Writing the backward pass lets every
 * product be a plain matMul, and skips the tape. The maths is the reference in
 * src/core/sampled-softmax/sampled-softmax.ts and src/models/two-tower/dense-js.ts; both are checked by
 * finite differences and against each other (test/models/two-tower-grad.test.ts).
 *
 * Gradients with respect to the pooled sparse inputs come back to JS in one dataSync per step
 * (unavoidable: the embedding tables live outside tfjs, see DESIGN.md → Engines).
 */
import type { Tf } from '../tf-backend.js';
import type { DenseConfig, DenseEngine, DenseStepInput, DenseStepOutput } from './dense-types.js';
import { towerSizes } from './dense-types.js';

type Tensor = import('@tensorflow/tfjs-core').Tensor;
type Tensor2D = import('@tensorflow/tfjs-core').Tensor2D;
type Variable = import('@tensorflow/tfjs-core').Variable;

/** Masked logits get −MASK: exp(−1e4) is 0 in float32, the same as excluding the column. */
const MASK = 1e4;

interface TowerTrace {
  /** inputs of each layer (x, relu(z0), …) */
  acts: Tensor2D[];
  /** 1/‖z‖ per row, n × 1 */
  inv: Tensor2D;
  out: Tensor2D;
}

export class TfjsDenseEngine implements DenseEngine {
  readonly name = 'tfjs' as const;
  private readonly vars: Variable[];
  private readonly L: number;
  private readonly m: Variable[];
  private readonly v: Variable[];
  private t = 0;
  private eyeCache = new Map<string, Tensor2D>();
  private host: { w: Float32Array; m: Float32Array; v: Float32Array }[] | null = null;
  /** Adam in JS on host copies (default) or as tfjs ops; chosen by bench (see adamHost) */
  hostAdam = true;

  constructor(private readonly tf: Tf, private readonly config: DenseConfig, init: Float32Array[]) {
    const sizes = towerSizes(config);
    this.L = sizes.length - 1;
    const shapeOf = (p: number): number[] => {
      const l = Math.floor(p / 2) % this.L;
      return p % 2 === 0 ? [sizes[l], sizes[l + 1]] : [sizes[l + 1]];
    };
    this.vars = init.map((a, p) => tf.variable(tf.tensor(a, shapeOf(p)), true));
    this.m = init.map((_, p) => tf.variable(tf.zeros(shapeOf(p)), false));
    this.v = init.map((_, p) => tf.variable(tf.zeros(shapeOf(p)), false));
  }

  private w(tower: number, l: number): Tensor2D {
    return this.vars[(tower * this.L + l) * 2] as Tensor2D;
  }

  private b(tower: number, l: number): Tensor {
    return this.vars[(tower * this.L + l) * 2 + 1];
  }

  private forward(x: Tensor2D, tower: number): TowerTrace {
    const tf = this.tf;
    const acts: Tensor2D[] = [x];
    let h = x;
    for (let l = 0; l < this.L; l++) {
      const z = tf.add(tf.matMul(h, this.w(tower, l)), this.b(tower, l)) as Tensor2D;
      h = l + 1 < this.L ? tf.relu(z) : z;
      if (l + 1 < this.L) acts.push(h);
    }
    // the ε keeps 1/‖z‖ finite for a zero output
    const inv = tf.rsqrt(tf.add(tf.sum(tf.square(h), 1, true), 1e-24)) as Tensor2D;
    return { acts, inv, out: tf.mul(h, inv) as Tensor2D };
  }

  /** Backprop g (w.r.t. the normalised output) through normalisation and layers; returns [gx, gW0, gb0, …]. */
  private backward(tr: TowerTrace, g: Tensor2D, tower: number): { gx: Tensor2D; gParams: Tensor[] } {
    const tf = this.tf;
    const y = tr.out;
    // d(z/‖z‖) = (g − y·(y·g)) / ‖z‖
    let gz = tf.mul(tf.sub(g, tf.mul(y, tf.sum(tf.mul(y, g), 1, true))), tr.inv) as Tensor2D;
    const gParams: Tensor[] = new Array(this.L * 2);
    for (let l = this.L - 1; l >= 0; l--) {
      const a = tr.acts[l];
      gParams[l * 2] = tf.matMul(tf.transpose(a), gz);
      gParams[l * 2 + 1] = tf.sum(gz, 0);
      let ga = tf.matMul(gz, tf.transpose(this.w(tower, l))) as Tensor2D;
      if (l > 0) ga = tf.mul(ga, tf.step(a)) as Tensor2D;
      gz = ga;
    }
    return { gx: gz, gParams };
  }

  /** The one-hot matrix of positives (row i, column i) padded to `cols` columns, cached per shape. */
  private eye(B: number, cols: number): Tensor2D {
    const key = `${B}x${cols}`;
    let e = this.eyeCache.get(key);
    if (!e) {
      const buf = new Float32Array(B * cols);
      for (let i = 0; i < B; i++) buf[i * cols + i] = 1;
      e = this.tf.keep(this.tf.tensor2d(buf, [B, cols]));
      this.eyeCache.set(key, e);
    }
    return e;
  }

  /** Additive mask (B × C) or null: accidental hits, and other rows' positives when in-batch is off. */
  private mask(input: DenseStepInput): Tensor2D | null {
    const tf = this.tf;
    const { B, C, rowItem, colItem, inBatch } = input;
    const idx: number[] = [];
    for (let i = 0; i < B; i++) {
      const item = rowItem[i];
      for (let j = inBatch ? 0 : B; j < C; j++) if (j !== i && colItem[j] === item) idx.push(i, j);
    }
    let m: Tensor2D | null = null;
    if (idx.length > 0) {
      const ones = tf.fill([idx.length / 2], -MASK);
      m = tf.scatterND(tf.tensor2d(idx, [idx.length / 2, 2], 'int32'), ones, [B, C]) as Tensor2D;
    }
    if (!inBatch) {
      const offDiag = tf.mul(tf.sub(this.eye(B, C), tf.pad(tf.ones([B, B]), [[0, 0], [0, C - B]])), MASK) as Tensor2D;
      m = m ? (tf.add(m, offDiag) as Tensor2D) : offDiag;
    }
    return m;
  }

  /** Loss, input gradients and weight gradients for one batch, as tensors (inside the caller's tidy). */
  private graph(input: DenseStepInput): { loss: Tensor; gxu: Tensor2D; gxi: Tensor2D; gParams: Tensor[] } {
    const tf = this.tf;
    const { B, C, k, temperature: t, correction } = input;
    const e = this.config.inputDim;
    const d = this.config.dim;
    const tu = this.forward(tf.tensor2d(input.xu, [B, e]), 0);
    const ti = this.forward(tf.tensor2d(input.xi, [C + B * k, e]), 1);
    const u = tu.out;
    const v = k > 0 ? (tf.slice(ti.out, [0, 0], [C, d]) as Tensor2D) : ti.out;
    let logits: Tensor2D = tf.mul(tf.matMul(u, tf.transpose(v)), 1 / t);
    if (correction !== 0) logits = tf.sub(logits, tf.mul(tf.tensor2d(input.logQ, [1, C]), correction));
    const mask = this.mask(input);
    if (mask) logits = tf.add(logits, mask);
    let h: Tensor | null = null;
    if (k > 0) {
      h = tf.reshape(tf.slice(ti.out, [C, 0], [B * k, d]), [B, k, d]);
      const hard = tf.mul(tf.sum(tf.mul(tf.expandDims(u, 1), h), 2), 1 / t) as Tensor2D;
      logits = tf.concat([logits, hard], 1);
    }
    const p = tf.softmax(logits) as Tensor2D;
    const eye = this.eye(B, C + k);
    const pPos = tf.sum(tf.mul(p, eye), 1);
    const loss = tf.neg(tf.mean(tf.log(tf.maximum(pPos, 1e-30))));
    // dL/dlogit = (softmax − one-hot) / B; the 1/τ of the logits folds in here
    const g = tf.mul(tf.sub(p, eye), 1 / (B * t)) as Tensor2D;
    const gS = k > 0 ? (tf.slice(g, [0, 0], [B, C]) as Tensor2D) : g;
    let gu = tf.matMul(gS, v) as Tensor2D;
    let gvAll = tf.transpose(tf.matMul(tf.transpose(u), gS)) as Tensor2D;
    if (k > 0 && h) {
      const gH = tf.expandDims(tf.slice(g, [0, C], [B, k]), 2);
      gu = tf.add(gu, tf.sum(tf.mul(gH, h), 1)) as Tensor2D;
      gvAll = tf.concat([gvAll, tf.reshape(tf.mul(gH, tf.expandDims(u, 1)), [B * k, d])], 0);
    }
    const bu = this.backward(tu, gu, 0);
    const bi = this.backward(ti, gvAll, 1);
    return { loss, gxu: bu.gx, gxi: bi.gx, gParams: [...bu.gParams, ...bi.gParams] };
  }

  /** Adam (Kingma & Ba, 2015), β1 0.9, β2 0.999, ε 1e-7 as tf.train.adam; bias correction folded into the step size. */
  /**
   * Adam on host copies: the dense weights are small (tens of thousands of floats), so reading their
   * gradients and updating in JS replaces ~10 tfjs kernels per variable (each with a fixed dispatch cost)
   * by a few copies. Same maths as adamTensors (and as the JS engine).
   */
  private adamHost(grads: Tensor[]): void {
    this.t++;
    const lr = (this.config.learningRate * Math.sqrt(1 - 0.999 ** this.t)) / (1 - 0.9 ** this.t);
    if (!this.host) this.host = this.vars.map((v) => ({ w: Float32Array.from(v.dataSync() as Float32Array), m: new Float32Array(v.size), v: new Float32Array(v.size) }));
    for (let p = 0; p < this.vars.length; p++) {
      const g = grads[p].dataSync() as Float32Array;
      const { w, m, v } = this.host[p];
      for (let i = 0; i < w.length; i++) {
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        w[i] -= (lr * m[i]) / (Math.sqrt(v[i]) + 1e-7);
      }
      this.vars[p].assign(this.tf.tensor(w, this.vars[p].shape));
    }
  }

  private adamTensors(grads: Tensor[]): void {
    const tf = this.tf;
    this.t++;
    const lr = (this.config.learningRate * Math.sqrt(1 - 0.999 ** this.t)) / (1 - 0.9 ** this.t);
    for (let p = 0; p < this.vars.length; p++) {
      const g = grads[p];
      const m = tf.add(tf.mul(this.m[p], 0.9), tf.mul(g, 0.1));
      const v = tf.add(tf.mul(this.v[p], 0.999), tf.mul(tf.square(g), 0.001));
      this.m[p].assign(m);
      this.v[p].assign(v);
      this.vars[p].assign(tf.sub(this.vars[p], tf.mul(tf.div(m, tf.add(tf.sqrt(v), 1e-7)), lr)));
    }
  }

  private run(input: DenseStepInput, update: boolean): DenseStepOutput & { gParams?: Float32Array[] } {
    const tf = this.tf;
    let gParams: Float32Array[] | undefined;
    // three reads instead of one concat: the wasm Concat of large 1-D tensors costs ~8 ms, a read ~0.2 ms
    const [loss, gxu, gxi] = tf.tidy(() => {
      const out = this.graph(input);
      if (update) {
        if (this.hostAdam) this.adamHost(out.gParams);
        else this.adamTensors(out.gParams);
      }
      else gParams = out.gParams.map((g) => g.dataSync() as Float32Array);
      return [out.loss, out.gxu, out.gxi];
    });
    const result = {
      loss: (loss.dataSync() as Float32Array)[0],
      gxu: gxu.dataSync() as Float32Array,
      gxi: gxi.dataSync() as Float32Array,
      gParams,
    };
    tf.dispose([loss, gxu, gxi]);
    return result;
  }

  step(input: DenseStepInput): DenseStepOutput {
    return this.run(input, true);
  }

  /** Loss and gradients (inputs and weights, the latter in weights() order) without an update. */
  lossAndGrads(input: DenseStepInput): DenseStepOutput & { gParams?: Float32Array[] } {
    return this.run(input, false);
  }

  private encode(x: Float32Array, n: number, tower: number): Float32Array {
    const tf = this.tf;
    const e = this.config.inputDim;
    const out = new Float32Array(n * this.config.dim);
    const chunk = 8192;
    for (let s = 0; s < n; s += chunk) {
      const m = Math.min(chunk, n - s);
      const t = tf.tidy(() => this.forward(tf.tensor2d(x.subarray(s * e, (s + m) * e), [m, e]), tower).out);
      out.set(t.dataSync() as Float32Array, s * this.config.dim);
      t.dispose();
    }
    return out;
  }

  encodeUsers(x: Float32Array, n: number): Float32Array {
    return this.encode(x, n, 0);
  }

  encodeItems(x: Float32Array, n: number): Float32Array {
    return this.encode(x, n, 1);
  }

  weights(): Float32Array[] {
    return this.vars.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  }

  dispose(): void {
    for (const v of [...this.vars, ...this.m, ...this.v]) v.dispose();
    for (const e of this.eyeCache.values()) e.dispose();
    this.eyeCache.clear();
  }
}
