/**
 * The hand-written dense engine: MLP towers, L2 normalisation and the sampled-softmax loss with
 * explicit backpropagation and Adam, over Float32Array. It is the reference the tfjs engine is checked
 * against (test/models/two-tower-grad.test.ts) and a candidate engine chosen by benchmark.
 * Cost per step O((B + C + B·k) · Σ layer in·out + B · (C + k) · dim).
 */
import { sampledSoftmaxLoss } from '../../core/sampled-softmax/sampled-softmax.js';
import { HostAdam } from './adam.js';
import type { DenseConfig, DenseEngine, DenseStepInput, DenseStepOutput } from './dense-types.js';
import { towerSizes } from './dense-types.js';

interface Layer {
  w: Float32Array;
  b: Float32Array;
  inDim: number;
  outDim: number;
}

interface Trace {
  /** activations per layer input (x, h1, …) and the final pre-normalisation output */
  acts: Float32Array[];
  norms: Float32Array;
  out: Float32Array;
}

/** y = x·W + b, x n×in, W in×out (row-major). O(n·in·out). */
function affine(x: Float32Array, n: number, l: Layer, relu: boolean): Float32Array {
  const { w, b, inDim, outDim } = l;
  const y = new Float32Array(n * outDim);
  for (let r = 0; r < n; r++) {
    const oy = r * outDim;
    for (let o = 0; o < outDim; o++) y[oy + o] = b[o];
    const ox = r * inDim;
    for (let i = 0; i < inDim; i++) {
      const a = x[ox + i];
      if (a === 0) continue;
      const ow = i * outDim;
      for (let o = 0; o < outDim; o++) y[oy + o] += a * w[ow + o];
    }
    if (relu) for (let o = 0; o < outDim; o++) if (y[oy + o] < 0) y[oy + o] = 0;
  }
  return y;
}

function forward(layers: Layer[], x: Float32Array, n: number): Trace {
  const acts = [x];
  let h = x;
  for (let l = 0; l < layers.length; l++) {
    h = affine(h, n, layers[l], l + 1 < layers.length);
    acts.push(h);
  }
  const d = layers[layers.length - 1].outDim;
  const norms = new Float32Array(n);
  const out = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let e = 0; e < d; e++) s += h[r * d + e] ** 2;
    const nr = Math.sqrt(s) + 1e-12;
    norms[r] = nr;
    for (let e = 0; e < d; e++) out[r * d + e] = h[r * d + e] / nr;
  }
  return { acts, norms, out };
}

/** Backprop gOut (n × dim, w.r.t. the normalised output) to the input; accumulates weight grads. */
function backward(layers: Layer[], t: Trace, n: number, gOut: Float32Array, gW: Float32Array[], gB: Float32Array[]): Float32Array {
  const d = layers[layers.length - 1].outDim;
  let g = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    let dot = 0;
    for (let e = 0; e < d; e++) dot += t.out[r * d + e] * gOut[r * d + e];
    for (let e = 0; e < d; e++) g[r * d + e] = (gOut[r * d + e] - t.out[r * d + e] * dot) / t.norms[r];
  }
  for (let l = layers.length - 1; l >= 0; l--) {
    const { w, inDim, outDim } = layers[l];
    const x = t.acts[l];
    const y = t.acts[l + 1];
    if (l + 1 < layers.length) for (let i = 0; i < g.length; i++) if (y[i] <= 0) g[i] = 0;
    const gx = new Float32Array(n * inDim);
    for (let r = 0; r < n; r++) {
      const og = r * outDim;
      for (let o = 0; o < outDim; o++) gB[l][o] += g[og + o];
      const ox = r * inDim;
      for (let i = 0; i < inDim; i++) {
        const a = x[ox + i];
        const ow = i * outDim;
        let s = 0;
        for (let o = 0; o < outDim; o++) {
          const go = g[og + o];
          s += go * w[ow + o];
          if (a !== 0) gW[l][ow + o] += a * go;
        }
        gx[ox + i] = s;
      }
    }
    g = gx;
  }
  return g;
}

export class JsDenseEngine implements DenseEngine {
  readonly name = 'js' as const;
  private readonly towers: Layer[][];
  private readonly params: Float32Array[];
  private readonly adam: HostAdam;

  constructor(private readonly config: DenseConfig, init: Float32Array[]) {
    const sizes = towerSizes(config);
    const L = sizes.length - 1;
    this.params = init.map((a) => Float32Array.from(a));
    this.adam = new HostAdam(this.params, config.learningRate);
    this.towers = [0, 1].map((tower) =>
      Array.from({ length: L }, (_, l) => ({
        w: this.params[(tower * L + l) * 2],
        b: this.params[(tower * L + l) * 2 + 1],
        inDim: sizes[l],
        outDim: sizes[l + 1],
      })),
    );
  }

  lossAndGrads(input: DenseStepInput): DenseStepOutput & { gParams: Float32Array[] } {
    const { xu, xi, B, C, k } = input;
    const d = this.config.dim;
    const nI = C + B * k;
    const tu = forward(this.towers[0], xu, B);
    const ti = forward(this.towers[1], xi, nI);
    const gu = new Float32Array(B * d);
    const gvAll = new Float32Array(nI * d);
    const gv = gvAll.subarray(0, C * d);
    const gh = k > 0 ? gvAll.subarray(C * d) : undefined;
    const loss = sampledSoftmaxLoss(
      {
        u: tu.out, v: ti.out.subarray(0, C * d), d, rowItem: input.rowItem, colItem: input.colItem,
        logQ: input.logQ, correction: input.correction, temperature: input.temperature, inBatch: input.inBatch,
        hard: k > 0 ? ti.out.subarray(C * d) : undefined, k,
      },
      { gu, gv, gh },
    );
    const gParams = this.params.map((p) => new Float32Array(p.length));
    const L = this.towers[0].length;
    const split = (tower: number) => ({
      gW: Array.from({ length: L }, (_, l) => gParams[(tower * L + l) * 2]),
      gB: Array.from({ length: L }, (_, l) => gParams[(tower * L + l) * 2 + 1]),
    });
    const su = split(0);
    const si = split(1);
    const gxu = backward(this.towers[0], tu, B, gu, su.gW, su.gB);
    const gxi = backward(this.towers[1], ti, nI, gvAll, si.gW, si.gB);
    return { loss, gxu, gxi, gParams };
  }

  step(input: DenseStepInput): DenseStepOutput {
    const out = this.lossAndGrads(input);
    this.adam.update(out.gParams);
    return out;
  }

  encodeUsers(x: Float32Array, n: number): Float32Array {
    return forward(this.towers[0], x, n).out;
  }

  encodeItems(x: Float32Array, n: number): Float32Array {
    return forward(this.towers[1], x, n).out;
  }

  weights(): Float32Array[] {
    return this.params.map((p) => Float32Array.from(p));
  }

  dispose(): void {}
}
