/**
 * Multi-objective labels for ranking data: every candidate row of a RankingSplit regraded with the world's
 * outcomes (click with the clickbait lift, dwell, purchase) as if shown in the top slot, plus the true expected
 * values the oracle knows. And two item features a real system would log: the headline's hype score and the item's
 * mean log dwell over engagements before the training window (shrunk toward the global mean when it has few).
 */
import type { Rng } from '../core/rng.js';
import { affinityUnchecked } from '../data/choice-model.js';
import { expectedDwell, gradeImpression, outcomeClickProbability, purchaseGivenClick, type WorldOutcomes } from '../data/outcomes.js';
import type { World } from '../data/world-types.js';
import type { RankingSplit } from './dataset.js';
import type { FeatureExtension } from './features.js';

export interface OutcomeLabels {
  click: Float32Array;
  dwell: Float32Array;
  /** log dwell seconds where clicked, 0 elsewhere */
  logDwell: Float32Array;
  purchase: Float32Array;
  /** the row's user */
  user: Int32Array;
  /** true P(click) in the top slot, E[dwell] = P(click)·E[dwell | click], P(purchase) */
  trueClick: Float64Array;
  trueDwell: Float64Array;
  truePurchase: Float64Array;
}

/** Regrade every row of a split. Four draws per row from `rng`. O(rows · latentDim). */
export function outcomeLabels(world: World, o: WorldOutcomes, split: RankingSplit, rng: Rng): OutcomeLabels {
  const n = split.items.length;
  const out: OutcomeLabels = {
    click: new Float32Array(n), dwell: new Float32Array(n), logDwell: new Float32Array(n), purchase: new Float32Array(n),
    user: new Int32Array(n), trueClick: new Float64Array(n), trueDwell: new Float64Array(n), truePurchase: new Float64Array(n),
  };
  const groups = split.data.groups;
  const D = world.config.latentDim;
  let row = 0;
  for (let q = 0; q < groups.length; q++) {
    const u = split.requests[q].user;
    for (let k = 0; k < groups[q]; k++, row++) {
      const i = split.items[row];
      const g = gradeImpression(world, o, u, i, 0, rng);
      out.click[row] = g.click;
      out.dwell[row] = g.dwell;
      out.logDwell[row] = g.click ? Math.log(g.dwell) : 0;
      out.purchase[row] = g.purchase;
      out.user[row] = u;
      const a = affinityUnchecked(world.users.taste, u, world.items.latent, i, D);
      const p = outcomeClickProbability(world, o, u, i, 0);
      out.trueClick[row] = p;
      out.trueDwell[row] = p * expectedDwell(o, i, a);
      out.truePurchase[row] = p * purchaseGivenClick(o, i, a);
    }
  }
  return out;
}

/** Prior weight (in engagements) of the global mean in an item's mean log dwell. */
const DWELL_PRIOR = 5;

/** title_hype and item_log_dwell_mean (engagements before `beforeDay` only, so no label leaks in). O(engagements + items). */
export function outcomeFeatures(world: World, o: WorldOutcomes, beforeDay: number): FeatureExtension {
  const I = world.interactions;
  const sum = new Float64Array(world.items.count);
  const cnt = new Float64Array(world.items.count);
  let total = 0;
  let n = 0;
  for (let k = 0; k < I.count && I.time[k] < beforeDay; k++) {
    const v = Math.log(o.dwell[k]);
    sum[I.item[k]] += v;
    cnt[I.item[k]]++;
    total += v;
    n++;
  }
  const globalMean = n > 0 ? total / n : 0;
  const meanLogDwell = Float32Array.from(sum, (s, i) => (s + DWELL_PRIOR * globalMean) / (cnt[i] + DWELL_PRIOR));
  return {
    names: ['title_hype', 'item_log_dwell_mean'],
    fill(_req, items, out, firstRow, stride, offset) {
      for (let k = 0; k < items.length; k++) {
        out[(firstRow + k) * stride + offset] = o.titleHype[items[k]];
        out[(firstRow + k) * stride + offset + 1] = meanLogDwell[items[k]];
      }
    },
  };
}
