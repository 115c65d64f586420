/**
 * Pieces of the multi-objective ranking experiment: the final score as a weighted product of the heads, what a
 * top-10 by that score earns under the true outcome model (clicks, dwell, clickbait exposure, per query), and the
 * GBDT trained on the same three labels.
 */
import { gbdtScorer } from '../ranking/gbdt-scorer.js';
import { nativeGbdtTrainKernels } from '../ranking/gbdt-train-kernels.js';
import { trainGbdtAsync, type GbdtData } from '../core/gbdt/index.js';
import { ndcgAtK } from '../core/metrics/index.js';
import type { WorldOutcomes } from '../data/outcomes.js';
import type { RankingSplit } from '../ranking/index.js';
import type { OutcomeLabels } from '../ranking/outcome-labels.js';
import { num } from './param-readers.js';
import type { ExperimentContext } from './types.js';

/** Per-row heads: click logit, log dwell given a click, purchase logit. */
export interface Heads {
  clickLogit: ArrayLike<number>;
  logDwell: ArrayLike<number>;
  purchaseLogit: ArrayLike<number>;
}

const logSigmoid = (z: number): number => (z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z)));

/** score = log P(click) + α · E[log dwell | click] + β · log P(purchase): a weighted product P(click) · dwell^α · P(purchase)^β. */
export function blendScores(h: Heads, dwellWeight: number, purchaseWeight: number): Float64Array {
  return Float64Array.from({ length: h.clickLogit.length }, (_, r) =>
    logSigmoid(h.clickLogit[r]) + dwellWeight * h.logDwell[r] + purchaseWeight * logSigmoid(h.purchaseLogit[r]));
}

export interface TopOutcomes {
  /** expected clicks in the top k, per query (true probabilities: no label noise) */
  clicks: Float64Array;
  /** expected dwell seconds in the top k, per query */
  dwell: Float64Array;
  /** share of the top k from the clickbait cohort, per query */
  clickbait: Float64Array;
  /** NDCG@k with the realised dwell seconds as linear gain, per query (NaN when no row of the query was clicked) */
  dwellNdcg: Float64Array;
}

/** What the top k by `scores` earns in each test query. O(rows log candidates). */
export function topOutcomes(split: RankingSplit, labels: OutcomeLabels, o: WorldOutcomes, scores: ArrayLike<number>, k = 10): TopOutcomes {
  const groups = split.data.groups;
  const Q = groups.length;
  const res: TopOutcomes = { clicks: new Float64Array(Q), dwell: new Float64Array(Q), clickbait: new Float64Array(Q), dwellNdcg: new Float64Array(Q) };
  let start = 0;
  for (let q = 0; q < Q; q++) {
    const n = groups[q];
    const rows = Array.from({ length: n }, (_, j) => start + j).sort((a, b) => scores[b] - scores[a] || a - b);
    const top = rows.slice(0, Math.min(k, n));
    for (const r of top) {
      res.clicks[q] += labels.trueClick[r];
      res.dwell[q] += labels.trueDwell[r];
      res.clickbait[q] += o.clickbait[split.items[r]];
    }
    res.clickbait[q] /= top.length;
    const gain = labels.dwell.subarray(start, start + n);
    res.dwellNdcg[q] = gain.some((g) => g > 0) ? ndcgAtK(gain, Array.prototype.slice.call(scores, start, start + n) as number[], k, { gain: 'linear' }) : Number.NaN;
    start += n;
  }
  return res;
}

function subsetRows(d: GbdtData, keep: (r: number) => boolean, labels: ArrayLike<number>): GbdtData {
  const F = d.numFeatures;
  const rows: number[] = [];
  for (let r = 0; r < d.labels.length; r++) if (keep(r)) rows.push(r);
  const features = new Float32Array(rows.length * F);
  rows.forEach((r, j) => features.set(d.features.subarray(r * F, (r + 1) * F), j * F));
  return { features, numFeatures: F, labels: Float32Array.from(rows, (r) => labels[r]) };
}

/** Three GBDTs on the same labels as the networks: binary click, regression on log dwell (clicked rows), binary purchase. */
export async function trainGbdtHeads(ctx: ExperimentContext, train: { split: RankingSplit; labels: OutcomeLabels }, valid: { split: RankingSplit; labels: OutcomeLabels }) {
  const base = {
    numTrees: num(ctx, 'trees'),
    learningRate: num(ctx, 'shrinkage'),
    numLeaves: num(ctx, 'leaves'),
    maxBin: num(ctx, 'maxBins'),
    minDataInLeaf: num(ctx, 'minDataInLeaf'),
    lambdaL2: 1,
    earlyStoppingRounds: num(ctx, 'earlyStopping'),
    seed: ctx.seed,
  };
  const all = () => true;
  const fit = (stage: string, objective: 'binary' | 'regression', tr: GbdtData, va: GbdtData) =>
    ctx.stage(stage, () => trainGbdtAsync(tr, { ...base, objective, valid: va, kernels: nativeGbdtTrainKernels() ?? undefined, onIteration: (i) => ctx.progress(stage, (i.iteration + 1) / base.numTrees) }, () => ctx.tick()));
  const click = await fit('train gbdt click', 'binary', subsetRows(train.split.data, all, train.labels.click), subsetRows(valid.split.data, all, valid.labels.click));
  const clicked = (l: OutcomeLabels) => (r: number) => l.click[r] > 0;
  const dwell = await fit('train gbdt dwell', 'regression', subsetRows(train.split.data, clicked(train.labels), train.labels.logDwell), subsetRows(valid.split.data, clicked(valid.labels), valid.labels.logDwell));
  const purchase = await fit('train gbdt purchase', 'binary', subsetRows(train.split.data, all, train.labels.purchase), subsetRows(valid.split.data, all, valid.labels.purchase));
  return {
    heads(features: Float32Array, n: number): Heads {
      // the serving scorer: the same doubles as predictRaw (test/ranking/gbdt-native.test.ts), without compiling the trees
      return { clickLogit: gbdtScorer(click).score(features, n), logDwell: gbdtScorer(dwell).score(features, n), purchaseLogit: gbdtScorer(purchase).score(features, n) };
    },
    trees: [click.numTrees, dwell.numTrees, purchase.numTrees],
  };
}
