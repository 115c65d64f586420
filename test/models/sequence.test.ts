// The sequence encoders' gradients against finite differences (the attention layer's backward pass is hand-written),
// and the trainer on a toy stream whose next item is set by the previous one: order-aware models learn it.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { AttentionEncoder, MeanEncoder, RecencyEncoder, type SequenceEncoder } from '../../src/models/sequence/encoders.js';
import { buildExamples, createModel, encodeHistory, trainSequenceModel } from '../../src/models/sequence/train.js';

const D = 4;
const N = 3;

/** L = w · u for a fixed random w: dL/du = w. */
function loss(enc: SequenceEncoder, x: Float32Array, n: number, w: Float64Array, query = 0): number {
  const u = new Float64Array(D);
  enc.forward(x, n, u, query);
  return u.reduce((s, v, c) => s + v * w[c], 0);
}

function checkGradients(enc: SequenceEncoder, seed: number, query = 0): void {
  const rng = new Rng(seed);
  const x = Float32Array.from({ length: N * D }, () => rng.normal());
  const w = Float64Array.from({ length: D }, () => rng.normal());
  for (const g of enc.grads) g.fill(0);
  const u = new Float64Array(D);
  enc.forward(x, N, u, query);
  const gx = new Float64Array(N * D);
  enc.backward(w, gx);
  // central differences in float32 storage: a step of 1e-2 keeps rounding (~1e-7 / 1e-2) far below the tolerance
  const h = 1e-2;
  const numeric = (arr: Float32Array, i: number): number => {
    const keep = arr[i];
    arr[i] = keep + h;
    const up = loss(enc, x, N, w, query);
    arr[i] = keep - h;
    const down = loss(enc, x, N, w, query);
    arr[i] = keep;
    return (up - down) / (2 * h);
  };
  for (let i = 0; i < x.length; i++) expect(gx[i]).toBeCloseTo(numeric(x, i), 3);
  enc.params.forEach((p, k) => {
    for (let i = 0; i < p.length; i++) expect(enc.grads[k][i], `param ${k}[${i}]`).toBeCloseTo(numeric(p, i), 3);
  });
}

describe('sequence encoders', () => {
  it('attention: the gradients of the input, Wq, Wk, Wv and the positions match finite differences', () => {
    for (const seed of [1, 2, 3]) checkGradients(new AttentionEncoder(D, N, new Rng(seed + 10)), seed);
  });

  it('attention asked from a middle row (the [mask] of BERT4Rec-style training): gradients match finite differences', () => {
    for (const query of [1, 2]) checkGradients(new AttentionEncoder(D, N, new Rng(query + 20)), query + 5, query);
  });

  it('mean and recency pooling: the gradients match finite differences', () => {
    checkGradients(new MeanEncoder(D), 4);
    checkGradients(new RecencyEncoder(D, N, 0.5), 5);
  });

  it('an attention layer with zero weights returns the newest item (the residual)', () => {
    const enc = new AttentionEncoder(D, N, new Rng(1));
    for (const p of enc.params) p.fill(0);
    const x = Float32Array.from({ length: N * D }, (_, i) => i);
    const u = new Float64Array(D);
    enc.forward(x, N, u);
    // y_0 + mean of v = y_0 + 0
    expect(Array.from(u)).toEqual([0, 1, 2, 3]);
  });

  it('on a stream where the next item follows the one before, attention learns it and mean pooling cannot', async () => {
    // items 0..19, leaf = item (no sharing); each user walks i → (i + 1) mod 20 from a random start: the newest item
    // decides the next, while the mean of the history blurs it with older ones
    const rng = new Rng(9);
    const user: number[] = [];
    const item: number[] = [];
    for (let u = 0; u < 300; u++) {
      let i = rng.int(20);
      for (let t = 0; t < 8; t++) {
        user.push(u);
        item.push(i);
        i = (i + 1) % 20;
      }
    }
    const ex = buildExamples(user, item, 300, 5, () => true);
    const opts = { dim: 8, maxLength: 5, negatives: 10, epochs: 6, batchSize: 32, learningRate: 0.01, tableLearningRate: 0.1, decay: 0.5, objective: 'next' as const };
    const leafOf = Int32Array.from({ length: 20 }, (_, i) => i);
    const hitRate = async (kind: 'mean' | 'attention', objective: 'next' | 'masked' = 'next'): Promise<number> => {
      const m = createModel(kind, 20, leafOf, 20, { ...opts, objective }, new Rng(3));
      await trainSequenceModel(m, ex, { ...opts, objective }, new Rng(4), async () => {});
      let hits = 0;
      const x = new Float32Array(6 * 8);
      const u = new Float64Array(8);
      for (let e = 0; e < ex.target.length; e++) {
        const hist = ex.history.subarray(ex.offsets[e], ex.offsets[e + 1]);
        encodeHistory(m, hist, x, u);
        let best = -1;
        let bestScore = -Infinity;
        const v = new Float32Array(8);
        for (let i = 0; i < 20; i++) {
          v.fill(0);
          m.ids.addRowTo(i, v, 0, 1);
          m.leaves.addRowTo(i, v, 0, 1);
          const s = m.bias.data[i] + v.reduce((a, b, k) => a + b * u[k], 0);
          if (s > bestScore) { bestScore = s; best = i; }
        }
        if (best === ex.target[e]) hits++;
      }
      return hits / ex.target.length;
    };
    const attention = await hitRate('attention');
    const mean = await hitRate('mean');
    // the cloze task masks any item of the window, the next one included: asked from the [mask] in the next place,
    // the model has learned the walk too
    const masked = await hitRate('attention', 'masked');
    expect(attention).toBeGreaterThan(0.8);
    expect(attention).toBeGreaterThan(mean + 0.2);
    expect(masked).toBeGreaterThan(0.8);
  }, 30_000);
});
