// LambdaRank gradients against a direct transcription of the formula: every pair with different labels where
// the better-placed document is in the top `truncation`, exact sigmoid, LightGBM's normalisation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LambdarankObjective } from '../../../src/core/gbdt/lambdarank.js';

function naiveLambdas(scores: number[], labels: number[], truncation: number, sigma: number, norm: boolean) {
  const n = scores.length;
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const gain = (l: number) => 2 ** l - 1;
  const disc = (k: number) => 1 / Math.log2(2 + k);
  const ideal = [...labels].sort((a, b) => b - a);
  let maxDcg = 0;
  for (let k = 0; k < Math.min(n, truncation); k++) maxDcg += gain(ideal[k]) * disc(k);
  const g = new Array(n).fill(0);
  const h = new Array(n).fill(0);
  if (maxDcg === 0) return { g, h };
  const spread = scores[order[0]] !== scores[order[n - 1]];
  let sum = 0;
  for (let i = 0; i < Math.min(n - 1, truncation); i++) {
    for (let j = i + 1; j < n; j++) {
      const a = order[i];
      const b = order[j];
      if (labels[a] === labels[b]) continue;
      const [hi, lo] = labels[a] > labels[b] ? [a, b] : [b, a];
      const delta = scores[hi] - scores[lo];
      let d = (gain(labels[hi]) - gain(labels[lo])) * (disc(i) - disc(j)) / maxDcg;
      if (norm && spread) d /= 0.01 + Math.abs(delta);
      const p = 1 / (1 + Math.exp(sigma * delta));
      g[hi] += -sigma * d * p;
      g[lo] -= -sigma * d * p;
      h[hi] += sigma * sigma * d * p * (1 - p);
      h[lo] += sigma * sigma * d * p * (1 - p);
      sum += 2 * sigma * d * p;
    }
  }
  const f = norm && sum > 0 ? Math.log2(1 + sum) / sum : 1;
  return { g: g.map((v) => v * f), h: h.map((v) => v * f) };
}

const query = fc.integer({ min: 2, max: 40 }).chain((n) => fc.record({
  scores: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n, maxLength: n }),
  labels: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
  truncation: fc.integer({ min: 1, max: 45 }),
  norm: fc.boolean(),
}));

describe('lambdarank gradients', () => {
  it('match the pairwise formula computed directly', () => {
    fc.assert(fc.property(query, ({ scores, labels, truncation, norm }) => {
      const n = scores.length;
      const obj = new LambdarankObjective(Int32Array.from([n]), { truncationLevel: truncation, lambdarankNorm: norm });
      const grad = new Float32Array(n);
      const hess = new Float32Array(n);
      obj.gradients(Float64Array.from(scores), Float32Array.from(labels), grad, hess);
      const ref = naiveLambdas(scores, labels, truncation, 1, norm);
      // the fast path reads σ(δ) from a 65,536-bin table (step 7.6e-4 in δ, so |Δp| ≤ 2e-4) and stores float32:
      // compare at 2e-3 of the largest gradient
      const scale = Math.max(1e-6, ...ref.g.map(Math.abs), ...ref.h.map(Math.abs));
      // compared in plain code; the documents off the formula, with both values, go to one expect per run
      const off: { i: number; grad: number; g: number; hess: number; h: number }[] = [];
      for (let i = 0; i < n; i++) {
        if (!(Math.abs(grad[i] - ref.g[i]) < 2e-3 * scale) || !(Math.abs(hess[i] - ref.h[i]) < 2e-3 * scale)) off.push({ i, grad: grad[i], g: ref.g[i], hess: hess[i], h: ref.h[i] });
      }
      expect(off).toEqual([]);
    }), { numRuns: 300, seed: 21 });
  });

  it('gives zero gradients to a query whose documents all share one label', () => {
    const obj = new LambdarankObjective(Int32Array.from([4]));
    const grad = new Float32Array(4).fill(9);
    const hess = new Float32Array(4).fill(9);
    obj.gradients(Float64Array.from([1, 2, 3, 4]), Float32Array.from([2, 2, 2, 2]), grad, hess);
    expect(Array.from(grad)).toEqual([0, 0, 0, 0]);
    expect(Array.from(hess)).toEqual([0, 0, 0, 0]);
  });
});
