/**
 * GBDT benchmark (issue 5 targets):
 * - scoring one request's 500 candidates with 200 trees × 31 leaves, p50/p99 (target p99 < 1 ms; the guide says < 5 ms),
 *   as served (the native kernel when built), the compiled trees and the interpreted walk, interleaved through src/measure;
 * - training on 1M rows × 30 features (binary, 100 trees × 31 leaves, LightGBM's default round count), target < 60 s;
 * - NDCG@10 and training time side by side with XGBoost (Debian python3-xgboost, `hist`, `rank:ndcg`, lossguide
 *   growth with the same leaves, trees, learning rate and bins) on the same ranking data from the world, as ratios
 *   (targets: NDCG within 1%, training time at or under XGBoost's with one thread, issue 23). Skipped with a note when python3-xgboost is absent.
 * Wall-clock and CPU time are both reported: on a shared 2-core machine, wall time includes waiting for the CPU.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { meanNdcgAtK, trainGbdt, type GbdtParams } from '../src/core/gbdt/index.js';
import { Rng } from '../src/core/rng.js';
import { generateWorld } from '../src/data/world.js';
import { measureInterleaved } from '../src/measure/index.js';
import { nativeGbdtTrainKernels } from '../src/ranking/gbdt-train-kernels.js';
import { gbdtScorer } from '../src/ranking/gbdt-scorer.js';
import { BlendedSource, buildRankingDataset, buildRankingIndex, type RankingDataset } from '../src/ranking/index.js';
import type { BenchContext, BenchEntry, BenchRow } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const QUERIES = { tiny: 500, small: 3000, full: 6000 } as const;
const BIG_ROWS = { tiny: 100_000, small: 1_000_000, full: 1_000_000 } as const;

function timed<T>(fn: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { value, wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

function rankParams(numTrees: number): GbdtParams {
  // minDataInLeaf 1 + minSumHessianInLeaf 1e-3 match XGBoost's min_child_weight=1e-3 (it has no row minimum)
  return { objective: 'lambdarank', numTrees, learningRate: 0.05, numLeaves: 31, maxBin: 255, minDataInLeaf: 1, minSumHessianInLeaf: 1e-3, lambdaL2: 1, seed: 1, kernels: nativeGbdtTrainKernels() ?? undefined };
}

async function scoringRows(ds: RankingDataset, model: ReturnType<typeof trainGbdt>): Promise<BenchRow[]> {
  const t = ds.test.data;
  const F = t.numFeatures;
  const batch = new Float32Array(500 * F);
  for (let r = 0; r < 500; r++) batch.set(t.features.subarray((r % t.labels.length) * F, ((r % t.labels.length) + 1) * F), r * F);
  const scorer = gbdtScorer(model);
  const m = await measureInterleaved({
    served: () => scorer.score(batch, 500),
    compiled: () => model.predictRaw(batch, 500),
    interpreted: () => model.predictRawInterpreted(batch, 500),
  }, { label: 'gbdt scoring', quantile: 0.99, minSamples: 300, maxSamples: 2000, budgetMs: 3000 });
  const served = m.served.summary;
  const note = `${model.numTrees} trees × ≤ 31 leaves, ${F} features, ${served.n} timed calls per variant (interleaved); served by the ${scorer.engine} engine (src/ranking/gbdt-scorer.ts)`;
  return [
    { name: `score 500 candidates p50 (${scorer.engine}, as served)`, value: served.p50_ms, unit: 'ms', note },
    { name: `score 500 candidates p99 (${scorer.engine}, as served)`, value: served.p99_ms, unit: 'ms', target: '< 1 ms', met: served.p99_ms < 1,
      anchor: { name: "guide's budget", value: 5, unit: 'ms' }, ratio: 5 / served.p99_ms, note: 'ratio = 5 ms ÷ our p99 (> 1: inside the guide budget)' },
    { name: 'score 500 candidates p50 / p99 (compiled trees)', value: m.compiled.summary.p50_ms, unit: 'ms', note: `p99 ${m.compiled.summary.p99_ms.toFixed(3)} ms` },
    { name: 'score 500 candidates p50 / p99 (interpreted walk)', value: m.interpreted.summary.p50_ms, unit: 'ms', note: `p99 ${m.interpreted.summary.p99_ms.toFixed(3)} ms` },
  ];
}

function bigTraining(ctx: BenchContext): BenchRow[] {
  const n = BIG_ROWS[ctx.scale];
  const F = 30;
  const rng = new Rng(ctx.seed);
  const features = new Float32Array(n * F);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < F; f++) features[i * F + f] = rng.normal();
    const z = 2 * features[i * F] - features[i * F + 1] + features[i * F + 2] * features[i * F + 3] + 0.5 * rng.normal();
    labels[i] = z > 0 ? 1 : 0;
  }
  ctx.log(`training binary GBDT on ${n} × ${F}…`);
  const r = timed(() => trainGbdt({ features, numFeatures: F, labels }, { objective: 'binary', numTrees: 100, learningRate: 0.1, numLeaves: 31, maxBin: 255, minDataInLeaf: 20, lambdaL2: 1, seed: 1, kernels: nativeGbdtTrainKernels() ?? undefined }));
  return [
    { name: `train ${n.toLocaleString('en-US')} rows × ${F} features, 100 trees × 31 leaves (CPU)`, value: r.cpuMs / 1000, unit: 's', target: '< 60 s', met: r.cpuMs < 60_000,
      note: 'single-threaded, so CPU time is the wall time on an idle core' },
    { name: `train ${n.toLocaleString('en-US')} rows × ${F} features, 100 trees × 31 leaves (wall)`, value: r.wallMs / 1000, unit: 's', note: 'includes waiting for a core on a shared machine' },
  ];
}

function writeForPython(dir: string, ds: RankingDataset): void {
  const w = (name: string, a: Float32Array | Int32Array) => writeFileSync(join(dir, name), Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  w('train_x.f32', ds.train.data.features);
  w('train_y.f32', ds.train.data.labels);
  w('train_g.i32', ds.train.data.groups);
  w('test_x.f32', ds.test.data.features);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ num_features: ds.train.data.numFeatures }));
}

interface OurRun { ndcg: number; ndcgNoNorm: number; wallMs: number; cpuMs: number }

function xgboostRows(ctx: BenchContext, ds: RankingDataset, ours: OurRun, trees: number): BenchRow[] {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const dir = mkdtempSync(join(tmpdir(), 'gbdt-bench-'));
  try {
    writeForPython(dir, ds);
    const rows: BenchRow[] = [];
    for (const nthread of [1, 2]) {
      let out: { version: string; train_s: number; train_cpu_s: number };
      try {
        out = JSON.parse(execFileSync(python, [join(here, 'py', 'xgboost_rank.py'), dir, String(trees), '31', '0.05', '255', String(nthread)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop()!);
      } catch (err) {
        return [{ name: 'XGBoost side by side', value: NaN, unit: '', note: `skipped: python3-xgboost not usable (${String((err as Error).message).split('\n')[0]}); apt-get install -y python3-xgboost` }];
      }
      const pred = new Float32Array(readFileSync(join(dir, 'test_pred.f32')).buffer.slice(0));
      const ndcg = meanNdcgAtK(pred, ds.test.data.labels, ds.test.data.groups, 10);
      const tag = `XGBoost ${out.version} hist rank:ndcg, nthread=${nthread}`;
      if (nthread === 1) {
        rows.push({ name: 'ranking NDCG@10 (test queries), ours (LightGBM lambdarank_norm)', value: ours.ndcg, unit: '', anchor: { name: tag, value: ndcg, unit: '' }, ratio: ours.ndcg / ndcg,
          target: 'within 1%', met: ours.ndcg >= ndcg * 0.99, note: 'ratio = our NDCG ÷ XGBoost NDCG' });
        rows.push({ name: 'ranking NDCG@10 (test queries), ours without the norm (as XGBoost)', value: ours.ndcgNoNorm, unit: '', anchor: { name: tag, value: ndcg, unit: '' }, ratio: ours.ndcgNoNorm / ndcg,
          target: 'within 1%', met: ours.ndcgNoNorm >= ndcg * 0.99, note: 'lambdarankNorm=false: plain |ΔNDCG|-weighted RankNet gradients' });
      }
      if (nthread === 1) {
        // both single-threaded: CPU time is the fair comparison on a shared machine (wall time includes waiting)
        rows.push({ name: 'ranking training CPU time, ours vs XGBoost 1 thread', value: ours.cpuMs / 1000, unit: 's',
          anchor: { name: tag, value: out.train_cpu_s, unit: 's' }, ratio: out.train_cpu_s / (ours.cpuMs / 1000),
          target: '≤ 1.0× XGBoost (ratio ≥ 1; issue 23)', met: ours.cpuMs / 1000 <= out.train_cpu_s, note: `ratio = XGBoost CPU time ÷ ours; ours with the ${nativeGbdtTrainKernels() ? 'native training kernels' : 'JS training loops'}` });
      }
      rows.push({ name: `ranking training wall time, ours (1 thread) vs XGBoost ${nthread} thread${nthread > 1 ? 's' : ''}`, value: ours.wallMs / 1000, unit: 's',
        anchor: { name: tag, value: out.train_s, unit: 's' }, ratio: out.train_s / (ours.wallMs / 1000),
        note: `ratio = XGBoost wall time ÷ ours; CPU: ours ${(ours.cpuMs / 1000).toFixed(1)} s, XGBoost ${out.train_cpu_s.toFixed(1)} s` });
      ctx.log(`${tag}: NDCG@10 ${ndcg.toFixed(4)}, train ${out.train_s.toFixed(1)} s`);
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const entry: BenchEntry = {
  id: 'gbdt',
  title: 'GBDT: 500-candidate scoring, 1M-row training, and lambdarank against XGBoost',
  async run(ctx) {
    ctx.log('building ranking data from the world…');
    const world = generateWorld({ scale: ctx.scale === 'full' ? 'small' : ctx.scale, seed: ctx.seed });
    const idx = buildRankingIndex(world);
    const ds = buildRankingDataset(idx, { trainQueries: QUERIES[ctx.scale], testQueries: 1000, candidates: 100, source: new BlendedSource(idx) }, new Rng(ctx.seed));
    const trees = 200;
    ctx.log(`training lambdarank on ${ds.train.data.labels.length} rows × ${ds.train.data.numFeatures} features, ${trees} trees…`);
    const r = timed(() => trainGbdt(ds.train.data, rankParams(trees)));
    const t = ds.test.data;
    const ndcg = meanNdcgAtK(r.value.predictRaw(t.features, t.labels.length), t.labels, t.groups, 10);
    const noNorm = trainGbdt(ds.train.data, { ...rankParams(trees), lambdarankNorm: false });
    const ndcgNoNorm = meanNdcgAtK(noNorm.predictRaw(t.features, t.labels.length), t.labels, t.groups, 10);
    const rows: BenchRow[] = [
      { name: `ranking data: ${ds.train.data.labels.length} rows, ${ds.train.data.groups.length} queries, ${ds.train.data.numFeatures} features`, value: ds.train.data.labels.length, unit: 'rows' },
      ...(await scoringRows(ds, r.value)),
      ...xgboostRows(ctx, ds, { ndcg, ndcgNoNorm, wallMs: r.wallMs, cpuMs: r.cpuMs }, trees),
      ...bigTraining(ctx),
    ];
    return rows;
  },
};
