/**
 * The dense half of the two-tower model (towers + loss), behind one interface so the tfjs engine and
 * the hand-written 'js' engine are interchangeable and can be checked against each other.
 * Inputs are the pooled embedding vectors produced by the sparse tables (src/models/two-tower/tables.ts);
 * outputs are the loss and the gradients with respect to those inputs, which the tables apply as sparse row updates.
 */
import type { Rng } from '../../core/rng.js';

export interface DenseStepInput {
  /** B × e user-tower inputs */
  xu: Float32Array;
  /** (C + B·k) × e item-tower inputs: C columns, then B·k per-row hard negatives */
  xi: Float32Array;
  B: number;
  C: number;
  /** hard negatives per row (0 for none) */
  k: number;
  rowItem: Int32Array;
  colItem: Int32Array;
  logQ: Float32Array;
  /** 1 correct, 0 off, −1 wrong sign */
  correction: number;
  temperature: number;
  inBatch: boolean;
}

export interface DenseStepOutput {
  loss: number;
  /** gradient w.r.t. xu (B × e) */
  gxu: Float32Array;
  /** gradient w.r.t. xi ((C + B·k) × e) */
  gxi: Float32Array;
}

export interface DenseEngine {
  readonly name: 'native' | 'tfjs' | 'js';
  /** one optimisation step of the dense weights (Adam); returns gradients for the sparse inputs */
  step(input: DenseStepInput): DenseStepOutput;
  /** loss and input gradients without updating weights (for gradient checks) */
  lossAndGrads(input: DenseStepInput): DenseStepOutput;
  /** L2-normalised output vectors (n × dim) of the user tower for n inputs */
  encodeUsers(x: Float32Array, n: number): Float32Array;
  encodeItems(x: Float32Array, n: number): Float32Array;
  /** copies of the weights, tower by tower, layer by layer: [W0, b0, W1, b1, …] for user then item */
  weights(): Float32Array[];
  dispose(): void;
}

export interface DenseConfig {
  /** input width (= the embedding width of the sparse tables) */
  inputDim: number;
  hidden: number[];
  /** output embedding width */
  dim: number;
  learningRate: number;
}

/** Layer widths of one tower: input → hidden… → dim (ReLU between, linear last). */
export function towerSizes(c: DenseConfig): number[] {
  return [c.inputDim, ...c.hidden, c.dim];
}

/**
 * Glorot-uniform weights and zero biases for both towers, drawn from `rng` so both engines start from
 * the same numbers. Layout as DenseEngine.weights().
 */
export function initDenseWeights(c: DenseConfig, rng: Rng): Float32Array[] {
  const sizes = towerSizes(c);
  const out: Float32Array[] = [];
  for (let tower = 0; tower < 2; tower++) {
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const w = new Float32Array(fanIn * fanOut);
      for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
      out.push(w, new Float32Array(fanOut));
    }
  }
  return out;
}
