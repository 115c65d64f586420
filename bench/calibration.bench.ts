/**
 * Calibration and multi-task benchmark (issue 19 targets):
 * - ECE, the reliability curve, Platt scaling, isotonic fit and isotonic prediction over 1M scores, target < 100 ms each
 *   (median through the measurement protocol, with the share of wall time this process had a core);
 *   side by side with scikit-learn/numpy on the same scores (bench/py/calibration_sklearn.py; ratio = its time ÷ ours);
 *   the isotonic fit is the exported one (src/ranking/isotonic.ts: the native kernel when the addon loads), with a
 *   last row for its JS reference (src/core/calibration/isotonic.ts), which it equals bit for bit;
 * - one training run of the MMoE ranker (3 heads, 4 experts × 64, 4 epochs) on as many rows as the multi-task-ranking
 *   scenario trains on at this scale (synthetic features of the same width), target < 2 minutes at small.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  expectedCalibrationError, isotonicFit as isotonicFitJs, plattProbability, plattScaling, reliabilityCurve,
} from '../src/core/calibration/index.js';
import { isotonicFit } from '../src/ranking/isotonic.js';
import { nativeStatus } from '../src/native/addon.js';
import { Rng } from '../src/core/rng.js';
import { measure } from '../src/measure/index.js';
import { trainMultiTaskRanker } from '../src/models/nn-ranker/multi-task.js';
import type { BenchContext, BenchEntry, BenchRow } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const N = 1_000_000;

interface SklearnResult {
  ece: { seconds: number; value: number };
  platt: { seconds: number; a: number; b: number };
  probabilities: { seconds: number };
  isotonic_fit: { seconds: number; thresholds: number };
  isotonic_predict: { seconds: number };
}

/** The same calls in scikit-learn on the same data, or null (with the reason logged) when python3-sklearn is missing. */
function runSklearn(ctx: BenchContext, s: Float64Array, y: Float64Array, p: Float64Array): SklearnResult | null {
  const dir = mkdtempSync(join(tmpdir(), 'recsys-calibration-bench-'));
  try {
    const file = (name: string, a: Float64Array) => {
      const f = join(dir, name);
      writeFileSync(f, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      return f;
    };
    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const out = execFileSync(python, [join(here, 'py', 'calibration_sklearn.py'), file('s.f64', s), file('y.f64', y), file('p.f64', p)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
    return JSON.parse(out) as SklearnResult;
  } catch (e) {
    ctx.log(`scikit-learn reference skipped (apt-get install -y python3-sklearn): ${(e as Error).message.split('\n')[0]}`);
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
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
    // the exported fit (the native kernel when the addon loads), then the JS reference it equals bit for bit
    const engine = nativeStatus().addon ? 'native' : `JS: addon ${nativeStatus().reason}`;
    await row('isotonic fit (sort + PAV), 1M scores', () => isotonicFit(s, y));
    rows[rows.length - 1].note += `; ${engine}`;
    const iso = isotonicFit(s, y);
    await row('isotonic predict, 1M scores', () => iso.predict(s));
    ctx.log('scikit-learn on the same scores…');
    const sk = runSklearn(ctx, s, y, p);
    if (sk) {
      // ratio = anchor time ÷ ours (> 1: we are faster); the values side by side where both compute one
      const platt = plattScaling(y, s);
      const anchors: [number, string, number, string][] = [
        [0, 'sklearn calibration_curve + ECE', sk.ece.seconds, ` (sklearn ${sk.ece.value.toPrecision(6)}, ours ${expectedCalibrationError(y, p, 10).toPrecision(6)})`],
        [1, 'sklearn calibration_curve', sk.ece.seconds, ''],
        [2, 'sklearn LogisticRegression(penalty=None), lbfgs', sk.platt.seconds, `; a, b: sklearn ${sk.platt.a.toPrecision(8)}, ${sk.platt.b.toPrecision(8)}, ours ${platt.a.toPrecision(8)}, ${platt.b.toPrecision(8)}`],
        [3, 'numpy 1/(1 + exp(−z))', sk.probabilities.seconds, ''],
        [4, 'sklearn IsotonicRegression.fit', sk.isotonic_fit.seconds, `; thresholds: sklearn ${sk.isotonic_fit.thresholds}, ours ${iso.thresholds.length}`],
        [5, 'sklearn IsotonicRegression.predict', sk.isotonic_predict.seconds, ''],
      ];
      for (const [i, name, seconds, note] of anchors) {
        const r = rows[i];
        rows[i] = { ...r, anchor: { name, value: seconds * 1000, unit: 'ms' }, ratio: (seconds * 1000) / r.value, note: `${r.note}${note}; ratio = anchor time ÷ ours` };
      }
    }
    await row('isotonic fit (sort + PAV), 1M scores, JS reference', () => isotonicFitJs(s, y));
    if (sk) {
      const r = rows[rows.length - 1];
      rows[rows.length - 1] = { ...r, anchor: { name: 'sklearn IsotonicRegression.fit', value: sk.isotonic_fit.seconds * 1000, unit: 'ms' }, ratio: (sk.isotonic_fit.seconds * 1000) / r.value, note: `${r.note}; ratio = anchor time ÷ ours` };
    }

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
