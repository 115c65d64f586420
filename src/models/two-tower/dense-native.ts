/**
 * The compiled dense engine: the same towers, normalisation, sampled softmax and backward pass as the
 * JS reference (dense-js.ts), in C++ (native/dense_step.cc) built for this machine's vector unit, with
 * the two towers (and the two halves of the logits) on two threads. Adam stays in JS (HostAdam), on
 * weights this class owns. Chosen over tfjs by benchmark (bench/two-tower.bench.ts); used only when
 * the addon was built (src/native/addon.ts).
 */
import os from 'node:os';
import { HostAdam } from './adam.js';
import type { DenseConfig, DenseEngine, DenseStepInput, DenseStepOutput } from './dense-types.js';
import { towerSizes } from './dense-types.js';
import type { TwoTowerKernels } from '../../native/two-tower/kernel.js';

/** Threads per step: two (one per tower) unless the machine has one core or RECSYS_LAB_NATIVE_THREADS=1. */
export function nativeThreads(env: NodeJS.ProcessEnv = process.env): 1 | 2 {
  if (env.RECSYS_LAB_NATIVE_THREADS === '1') return 1;
  return os.availableParallelism() >= 2 ? 2 : 1;
}

export class NativeDenseEngine implements DenseEngine {
  readonly name = 'native' as const;
  private readonly sizes: number[];
  private readonly params: Float32Array[];
  private readonly grads: Float32Array[];
  private readonly adam: HostAdam;

  constructor(private readonly addon: TwoTowerKernels, private readonly config: DenseConfig, init: Float32Array[], readonly threads: 1 | 2 = nativeThreads()) {
    this.sizes = towerSizes(config);
    this.params = init.map((a) => Float32Array.from(a));
    this.grads = this.params.map((p) => new Float32Array(p.length));
    this.adam = new HostAdam(this.params, config.learningRate);
  }

  /** Loss and gradients; the weight gradients are copies (the engine reuses its buffers). */
  lossAndGrads(input: DenseStepInput): DenseStepOutput & { gParams: Float32Array[] } {
    const out = this.run(input);
    return { ...out, gParams: out.gParams.map((g) => Float32Array.from(g)) };
  }

  private run(input: DenseStepInput): DenseStepOutput & { gParams: Float32Array[] } {
    const e = this.config.inputDim;
    const gxu = new Float32Array(input.B * e);
    const gxi = new Float32Array(input.xi.length);
    for (const g of this.grads) g.fill(0);
    const loss = this.addon.step(
      this.sizes, this.params, this.grads, input.xu, input.xi, input.B, input.C, input.k, input.rowItem,
      input.colItem, input.logQ, input.correction, input.temperature, input.inBatch, this.threads, gxu, gxi,
    );
    return { loss, gxu, gxi, gParams: this.grads };
  }

  step(input: DenseStepInput): DenseStepOutput {
    const out = this.run(input);
    this.adam.update(out.gParams);
    return out;
  }

  private encode(x: Float32Array, n: number, tower: 0 | 1): Float32Array {
    const out = new Float32Array(n * this.config.dim);
    this.addon.encode(this.sizes, this.params, tower, x, n, out);
    return out;
  }

  encodeUsers(x: Float32Array, n: number): Float32Array {
    return this.encode(x, n, 0);
  }

  encodeItems(x: Float32Array, n: number): Float32Array {
    return this.encode(x, n, 1);
  }

  weights(): Float32Array[] {
    return this.params.map((p) => Float32Array.from(p));
  }

  dispose(): void {}
}
