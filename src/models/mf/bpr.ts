/**
 * Matrix factorisation with Bayesian Personalised Ranking (Rendle et al., UAI 2009): the
 * "start with MF as a baseline" model. Pure JS, no side information: a user is a free vector, an
 * item is a free vector plus a bias, learned by SGD on triples (u, i positive, j sampled) to push
 * x_uij = p_u·(q_i − q_j) + b_i − b_j up.
 *
 * MF has two cold cases, and neither is "left at chance". Standard BPR draws the negative j uniformly from the
 * whole catalogue, so an item that has a row but no training engagement is only ever a negative: every update
 * that touches it lowers its bias and pushes its factor away from that user, and it sinks below the items that
 * have data (buried). Only with negatives drawn from the engagement log (`negatives: 'engaged'`) is such an item
 * never touched, keeping its random start and zero bias. An item outside the table (an id that arrived after
 * training) has no row at all: MF cannot score it.
 *
 * Cost O(epochs · train interactions · dim). Retrieval score = [p_u, 1]·[q_i, b_i] (see retrievalVectors).
 */
import { throwIfAborted, UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { interactionsByUser } from '../../data/cohorts.js';
import type { World } from '../../data/world-types.js';

/**
 * Where the negative j of a triple comes from: uniformly from the whole catalogue (Rendle et al.'s BPR), or from
 * the train engagement log (popularity-proportional, as word2vec-style samplers do; an item nobody engaged with
 * is then never drawn).
 */
export type BprNegatives = 'catalog' | 'engaged';
export const BPR_NEGATIVES: readonly BprNegatives[] = ['catalog', 'engaged'];

export interface BprOptions {
  dim: number;
  epochs: number;
  learningRate: number;
  /** L2 regularisation λ on the factors touched by each update */
  regularization: number;
  /** default 'catalog' */
  negatives?: BprNegatives;
  seed: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface BprModel {
  dim: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  itemBias: Float32Array;
  trainMs: number;
  /** fraction of sampled triples ranked correctly (x_uij > 0) in the last epoch */
  lastEpochAccuracy: number;
}

function check(o: BprOptions): void {
  if (!Number.isInteger(o.dim) || o.dim < 1 || o.dim > 1024) throw new UsageError(`trainBpr: dim must be an integer in [1, 1024], got ${o.dim}`);
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new UsageError(`trainBpr: epochs must be an integer ≥ 1, got ${o.epochs}`);
  if (!(o.learningRate > 0)) throw new UsageError(`trainBpr: learningRate must be > 0, got ${o.learningRate}`);
  if (!(o.regularization >= 0)) throw new UsageError(`trainBpr: regularization must be ≥ 0, got ${o.regularization}`);
  if (o.negatives !== undefined && !BPR_NEGATIVES.includes(o.negatives)) throw new UsageError(`trainBpr: negatives must be one of ${BPR_NEGATIVES.join(', ')}, got ${String(o.negatives)}`);
}

/** One SGD update on (u, i, j); returns x_uij before the update. O(dim). */
function update(m: BprModel, u: number, i: number, j: number, lr: number, reg: number): number {
  const d = m.dim;
  const P = m.userFactors;
  const Q = m.itemFactors;
  const pu = u * d;
  const qi = i * d;
  const qj = j * d;
  let x = m.itemBias[i] - m.itemBias[j];
  for (let e = 0; e < d; e++) x += P[pu + e] * (Q[qi + e] - Q[qj + e]);
  const g = 1 / (1 + Math.exp(x));
  for (let e = 0; e < d; e++) {
    const p = P[pu + e];
    const a = Q[qi + e];
    const b = Q[qj + e];
    P[pu + e] += lr * (g * (a - b) - reg * p);
    Q[qi + e] += lr * (g * p - reg * a);
    Q[qj + e] += lr * (-g * p - reg * b);
  }
  m.itemBias[i] += lr * (g - reg * m.itemBias[i]);
  m.itemBias[j] += lr * (-g - reg * m.itemBias[j]);
  return x;
}

export async function trainBpr(world: World, o: BprOptions): Promise<BprModel> {
  check(o);
  const rng = new Rng(o.seed);
  const init = rng.fork('init');
  const d = o.dim;
  const m: BprModel = {
    dim: d,
    userFactors: Float32Array.from({ length: world.users.count * d }, () => init.normal(0, 0.1)),
    itemFactors: Float32Array.from({ length: world.items.count * d }, () => init.normal(0, 0.1)),
    itemBias: new Float32Array(world.items.count),
    trainMs: 0,
    lastEpochAccuracy: 0,
  };
  const csr = interactionsByUser(world, 'train');
  const n = csr.items.length;
  const userOf = new Int32Array(n);
  for (let u = 0; u < world.users.count; u++) userOf.fill(u, csr.offsets[u], csr.offsets[u + 1]);
  const draw = rng.fork('triples');
  const fromLog = o.negatives === 'engaged';
  const t0 = performance.now();
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    let correct = 0;
    for (let s = 0; s < n; s++) {
      const p = draw.int(n);
      const j = fromLog ? csr.items[draw.int(n)] : draw.int(world.items.count);
      if (update(m, userOf[p], csr.items[p], j, o.learningRate, o.regularization) > 0) correct++;
      if ((s & 0xffff) === 0xffff) {
        await new Promise((r) => setImmediate(r));
        throwIfAborted(o.signal);
      }
    }
    m.lastEpochAccuracy = correct / n;
    o.onProgress?.((epoch + 1) / o.epochs);
  }
  m.trainMs = performance.now() - t0;
  return m;
}

/** Users as [p_u, 1] and items as [q_i, b_i] so that an inner product is the BPR score. O((U + I) · dim). */
export function bprRetrievalVectors(m: BprModel): { users: Float32Array; items: Float32Array; dim: number } {
  const d = m.dim;
  const D = d + 1;
  const nu = m.userFactors.length / d;
  const ni = m.itemFactors.length / d;
  const users = new Float32Array(nu * D);
  const items = new Float32Array(ni * D);
  for (let u = 0; u < nu; u++) {
    users.set(m.userFactors.subarray(u * d, (u + 1) * d), u * D);
    users[u * D + d] = 1;
  }
  for (let i = 0; i < ni; i++) {
    items.set(m.itemFactors.subarray(i * d, (i + 1) * d), i * D);
    items[i * D + d] = m.itemBias[i];
  }
  return { users, items, dim: D };
}
