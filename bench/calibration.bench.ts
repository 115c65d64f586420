/**
 * Calibration and multi-task benchmark (issue 19 targets):
 * - ECE, the reliability curve, Platt scaling, isotonic fit and isotonic prediction over 1M scores, target < 100 ms each
 *   (median through the measurement protocol, with the share of wall time this process had a core);
 * - one training run of the MMoE ranker (3 heads, 4 experts × 64, 4 epochs) on as many rows as the multi-task-ranking
 *   scenario trains on at this scale (synthetic features of the same width), target < 2 minutes at small.
 */
import {
  expectedCalibrationError, isotonicFit, plattProbability, plattScaling, reliabilityCurve,
} from '../src/core/calibration/index.js';
import { Rng } from '../src/core/rng.js';
import { measure } from '../src/measure/index.js';
import { trainMultiTaskRanker } from '../src/models/nn-ranker/multi-task.js';
import type { BenchContext, BenchEntry, BenchRow } from './types.js';

const N = 1_000_000;
/** training rows of multi-task-ranking: 80% of its queries × 100 candidates (tiny: 120 queries × 50) */
const MT_ROWS = { tiny: 96 * 50, small: 1200 * 100, full: 1200 * 100 } as const;
const MT_FEATURES = 16;

async function medianMs(label: string, fn: () => unknown): Promise<{ ms: number; cpuShare: number; n: number }> {
  fn();
  const m = await measure(fn, { label, quantile: 0.5, maxSamples: 30, budgetMs: 2000, warmup: { minCalls: 2, window: 3, maxMs: 2000 } });
  return { ms: m.summary.p50_ms, cpuShare: m.cpuShare, n: m.summary.n };
}

function scores(seed: number) {
  const rng = new Rng(seed);
  const s = Float64Array.from({ length: N }, () => rng.normal());
  const y = Float64Array.from(s, (v) => (rng.bernoulli(1 / (1 + Math.exp(-(1.3 * v - 1)))) ? 1 : 0));
  const p = Float64Array.from(s, (v) => 1 / (1 + Math.exp(-v)));
  return { s, y, p };
}

export const entry: BenchEntry = {
  id: 'calibration',
  title: 'Calibration over 1M scores; MMoE training',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const { s, y, p } = scores(ctx.seed);
    const rows: BenchRow[] = [];
    const row = async (name: string, fn: () => unknown) => {
      ctx.log(name);
      const r = await medianMs(name, fn);
      rows.push({ name, value: r.ms, unit: 'ms', target: '< 100 ms', met: r.ms < 100, note: `median of ${r.n}; CPU ${Math.round(100 * Math.min(1, r.cpuShare))}% of wall` });
    };
    await row('ECE, 10 bins, 1M scores', () => expectedCalibrationError(y, p, 10));
    await row('reliability curve, 10 bins, 1M scores', () => reliabilityCurve(y, p, 10));
    await row('Platt scaling fit (Newton), 1M scores', () => plattScaling(y, s));
    await row('Platt probabilities, 1M scores', () => plattProbability({ a: 1.3, b: -1 }, s));
    await row('isotonic fit (sort + PAV), 1M scores', () => isotonicFit(s, y));
    const iso = isotonicFit(s, y);
    await row('isotonic predict, 1M scores', () => iso.predict(s));

    const n = MT_ROWS[ctx.scale];
    const rng = new Rng(ctx.seed + 1);
    const features = Float32Array.from({ length: n * MT_FEATURES }, () => rng.normal());
    const click = Float32Array.from({ length: n }, (_, r) => (rng.bernoulli(1 / (1 + Math.exp(-features[r * MT_FEATURES]))) ? 1 : 0));
    const logDwell = Float32Array.from(click, (c, r) => (c ? 3 + features[r * MT_FEATURES + 1] : 0));
    const purchase = Float32Array.from(click, (c) => (c && rng.bernoulli(0.1) ? 1 : 0));
    ctx.log(`train MMoE on ${n} rows`);
    const t0 = performance.now();
    const model = await trainMultiTaskRanker({ features, numFeatures: MT_FEATURES, click, logDwell, purchase }, {
      trunk: 'mmoe', hidden: 64, experts: 4, towerHidden: 32, lossWeights: { click: 1, dwell: 0.5, purchase: 1 }, epochs: 4, batchSize: 512, learningRate: 0.003, seed: 1,
    });
    const seconds = (performance.now() - t0) / 1000;
    model.dispose();
    rows.push({
      name: `MMoE training, ${n} rows × ${MT_FEATURES} features, 4 epochs (${model.backend})`, value: seconds, unit: 's',
      target: ctx.scale === 'tiny' ? undefined : '< 120 s', met: ctx.scale === 'tiny' ? undefined : seconds < 120,
      note: 'one run, wall time (the whole stage, not a distribution)',
    });
    return rows;
  },
};
