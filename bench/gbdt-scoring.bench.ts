/**
 * GBDT scoring of one request (issue 23): 500 candidates × a lambdarank model of 200 trees × 31 leaves, trained on
 * ranking data the bench draws fresh from the world, scored on test-split rows it never saw. Steady state: the native
 * kernel (src/native/gbdt through src/ranking/gbdt-scorer.ts), the compiled trees and the interpreted walk, interleaved
 * through src/measure. First call: 20 fresh processes (bench/gbdt-first-call.ts), each loading the model and timing
 * its first scoring call on each engine (order alternating), the warm-up cliff the compiled trees pay for every new
 * model. Targets: p99 < 0.5 ms steady; first call < 2 ms (median over the processes).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainGbdt } from '../src/core/gbdt/index.js';
import { Rng } from '../src/core/rng.js';
import { generateWorld } from '../src/data/world.js';
import { measureInterleaved, type Measurement } from '../src/measure/index.js';
import { loadNative, nativeStatus } from '../src/native/addon.js';
import { gbdtScorer } from '../src/ranking/gbdt-scorer.js';
import { BlendedSource, buildRankingDataset, buildRankingIndex } from '../src/ranking/index.js';
import type { BenchEntry, BenchRow } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const QUERIES = { tiny: 500, small: 2000, full: 3000 } as const;
const PROCESSES = 20;
const ROWS = 500;

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1];
const tail = (m: Measurement): string => {
  const s = m.summary;
  return `n ${s.n}: p50 ${s.p50_ms.toFixed(3)}, p99 ${s.p99_ms.toFixed(3)} [${s.ci!.p99[0].toFixed(3)}–${s.ci!.p99[1].toFixed(3)}] ms, CPU share ${m.cpuShare.toFixed(2)}`;
};

export const entry: BenchEntry = {
  id: 'gbdt-scoring',
  title: 'GBDT scoring of 500 candidates (200 trees × 31 leaves): native kernel vs compiled trees, steady state and first call',
  async run(ctx) {
    if (!loadNative()) return [{ name: 'GBDT scoring, native', value: NaN, unit: '', note: `skipped: the addon is ${nativeStatus().reason}` }];
    const world = generateWorld({ scale: ctx.scale === 'full' ? 'small' : ctx.scale, seed: ctx.seed + 23 });
    const idx = buildRankingIndex(world);
    const ds = buildRankingDataset(idx, { trainQueries: QUERIES[ctx.scale], testQueries: 200, candidates: 100, source: new BlendedSource(idx) }, new Rng(ctx.seed + 23));
    const F = ds.train.data.numFeatures;
    ctx.log(`training lambdarank 200 trees × 31 leaves on ${ds.train.data.labels.length} rows × ${F} features…`);
    const model = trainGbdt(ds.train.data, { objective: 'lambdarank', numTrees: 200, learningRate: 0.05, numLeaves: 31, maxBin: 255, minDataInLeaf: 1, minSumHessianInLeaf: 1e-3, lambdaL2: 1, seed: 1 });
    const t = ds.test.data;
    const batch = new Float32Array(ROWS * F);
    for (let r = 0; r < ROWS; r++) batch.set(t.features.subarray((r % t.labels.length) * F, ((r % t.labels.length) + 1) * F), r * F);

    const dir = mkdtempSync(join(tmpdir(), 'gbdt-scoring-'));
    const first: Record<'native' | 'compiled', number[]> = { native: [], compiled: [] };
    const next: Record<'native' | 'compiled', number[]> = { native: [], compiled: [] };
    try {
      writeFileSync(join(dir, 'model.json'), JSON.stringify(model.toJSON()));
      writeFileSync(join(dir, 'batch.f32'), new Uint8Array(batch.buffer, batch.byteOffset, batch.byteLength));
      ctx.log(`first calls in ${PROCESSES} fresh processes…`);
      for (let p = 0; p < PROCESSES; p++) {
        const order = p % 2 === 0 ? 'native,compiled' : 'compiled,native';
        const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(here, 'gbdt-first-call.ts'), join(dir, 'model.json'), join(dir, 'batch.f32'), order], { encoding: 'utf8' }).trim());
        for (const e of ['native', 'compiled'] as const) {
          first[e].push(out[e].firstMs);
          next[e].push(out[e].next99MedianMs);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    ctx.log('steady state, interleaved…');
    const native = gbdtScorer(model, 'native');
    const compiled = gbdtScorer(model, 'compiled');
    const m = await measureInterleaved({
      native: () => native.score(batch, ROWS),
      compiled: () => compiled.score(batch, ROWS),
      interpreted: () => model.predictRawInterpreted(batch, ROWS),
    }, { label: 'gbdt scoring', quantile: 0.99, minSamples: 300, maxSamples: 2000, budgetMs: 4000 });
    const p99 = (k: keyof typeof m) => m[k].summary.p99_ms;
    const shape = `${model.numTrees} trees, ${ROWS} rows × ${F} features (test split, unseen)`;
    const rows: BenchRow[] = [
      { name: `score ${ROWS} candidates p99, native kernel`, value: p99('native'), unit: 'ms', anchor: { name: 'compiled trees (JS), same run', value: p99('compiled'), unit: 'ms' },
        ratio: p99('compiled') / p99('native'), target: '< 0.5 ms', met: p99('native') < 0.5, note: `ratio = compiled ÷ native; ${shape}; native ${tail(m.native)}; compiled ${tail(m.compiled)}` },
      { name: `score ${ROWS} candidates p99, native vs the interpreted walk`, value: p99('native'), unit: 'ms', anchor: { name: 'interpreted walk (the reference)', value: p99('interpreted'), unit: 'ms' },
        ratio: p99('interpreted') / p99('native'), note: `ratio = interpreted ÷ native; interpreted ${tail(m.interpreted)}` },
      { name: `first call on a fresh model, native (median of ${PROCESSES} processes)`, value: median(first.native), unit: 'ms', anchor: { name: 'compiled trees, first call', value: median(first.compiled), unit: 'ms' },
        ratio: median(first.compiled) / median(first.native), target: '< 2 ms', met: median(first.native) < 2,
        note: `ratio = compiled ÷ native; packing included; the calls 2–100 after it: median ${median(next.native).toFixed(3)} ms native, ${median(next.compiled).toFixed(3)} ms compiled` },
    ];
    return rows;
  },
};
