/**
 * Lambdarank training on a small set (issue 23): 10,000 rows × 20 features (100 queries × 100 documents, graded labels
 * from a noisy linear score), drawn fresh from the bench's seed, 200 trees × 31 leaves — ours against XGBoost `hist`
 * with one thread (bench/py/xgboost_rank.py, the same script the gbdt entry uses on the world's ranking data).
 * Both are single-threaded, so CPU time is the fair comparison on a shared machine; wall time is shown beside it.
 * Ours trains with the native training kernels (src/native/gbdt-train) when the addon is built, else the JS loops (the
 * same trees); the row says which.
 * NDCG@10 on 50 held-out queries drawn the same way, beside XGBoost's. Target: training time ≤ 1.0× XGBoost's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { meanNdcgAtK, trainGbdt } from '../src/core/gbdt/index.js';
import { Rng } from '../src/core/rng.js';
import { nativeStatus } from '../src/native/addon.js';
import { nativeGbdtTrainKernels } from '../src/ranking/gbdt-train-kernels.js';
import type { BenchEntry, BenchRow } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const F = 20, DOCS = 100, TREES = 200;

function rankingSet(rng: Rng, queries: number): { features: Float32Array; labels: Float32Array; groups: Int32Array } {
  const n = queries * DOCS;
  const features = new Float32Array(n * F);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let f = 0; f < F; f++) {
      const v = rng.normal();
      features[i * F + f] = v;
      if (f < 6) z += (v * (f + 1)) / 6;
    }
    z += features[i * F + 6] * features[i * F + 7] + rng.normal();
    labels[i] = z > 2.5 ? 3 : z > 1.5 ? 2 : z > 0.5 ? 1 : 0;
  }
  return { features, labels, groups: new Int32Array(queries).fill(DOCS) };
}

export const entry: BenchEntry = {
  id: 'gbdt-train-small',
  title: 'Lambdarank training, 10k rows × 20 features, 200 trees × 31 leaves: ours vs XGBoost hist, 1 thread',
  async run(ctx) {
    const rng = new Rng(ctx.seed + 23);
    const train = rankingSet(rng.fork('train'), 100);
    const test = rankingSet(rng.fork('test'), 50);
    const kernels = nativeGbdtTrainKernels() ?? undefined;
    const engine = kernels ? 'native kernels' : `JS loops (native addon ${nativeStatus().reason})`;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const model = trainGbdt({ ...train, numFeatures: F }, { objective: 'lambdarank', numTrees: TREES, learningRate: 0.05, numLeaves: 31, maxBin: 255, minDataInLeaf: 1, minSumHessianInLeaf: 1e-3, lambdaL2: 1, seed: 1, kernels });
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    const ndcg = meanNdcgAtK(model.predictRaw(test.features, test.labels.length), test.labels, test.groups, 10);
    const dir = mkdtempSync(join(tmpdir(), 'gbdt-small-'));
    try {
      const w = (name: string, a: Float32Array | Int32Array) => writeFileSync(join(dir, name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      w('train_x.f32', train.features);
      w('train_y.f32', train.labels);
      w('train_g.i32', train.groups);
      w('test_x.f32', test.features);
      writeFileSync(join(dir, 'meta.json'), JSON.stringify({ num_features: F }));
      const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
      let xgb: { version: string; train_s: number; train_cpu_s: number };
      try {
        xgb = JSON.parse(execFileSync(python, [join(here, 'py', 'xgboost_rank.py'), dir, String(TREES), '31', '0.05', '255', '1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop()!);
      } catch (err) {
        return [{ name: 'XGBoost side by side', value: NaN, unit: '', note: `skipped: python3-xgboost not usable (${String((err as Error).message).split('\n')[0]})` }];
      }
      const pred = new Float32Array(readFileSync(join(dir, 'test_pred.f32')).buffer.slice(0));
      const xNdcg = meanNdcgAtK(pred, test.labels, test.groups, 10);
      const tag = `XGBoost ${xgb.version} hist rank:ndcg, 1 thread`;
      const rows: BenchRow[] = [
        { name: 'lambdarank training 10k × 20, 200 trees, CPU time', value: cpu, unit: 's', anchor: { name: tag, value: xgb.train_cpu_s, unit: 's' }, ratio: xgb.train_cpu_s / cpu,
          target: '≤ 1.0× XGBoost (ratio ≥ 1)', met: cpu <= xgb.train_cpu_s, note: `ratio = XGBoost ÷ ours; ${engine}; wall: ours ${wall.toFixed(2)} s, XGBoost ${xgb.train_s.toFixed(2)} s` },
        { name: 'NDCG@10 on 50 held-out queries', value: ndcg, unit: '', anchor: { name: tag, value: xNdcg, unit: '' }, ratio: ndcg / xNdcg,
          note: 'ratio = ours ÷ XGBoost (LightGBM-style lambdarank_norm against XGBoost 1.7 rank:ndcg: not the same objective)' },
      ];
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
