/**
 * Two-tower benchmarks (issue 4):
 * 1. training examples/s on the DESIGN.md architecture (1M-row item table, 50k users, d = 64, two 64×64
 *    layers per tower, in-batch softmax, batch 512): the compiled engine (2 threads and 1), the tfjs engine
 *    and the plain-JS reference, side by side
 *    with PyTorch running the same model (bench/py/two_tower_torch.py, when python3-torch is installed;
 *    otherwise DESIGN.md's 72,000 examples/s);
 * 2. recall@100 at the bench scale against popularity, BPR matrix factorisation and the ground-truth ceiling.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { Rng } from '../src/core/rng.js';
import { generateWorld } from '../src/data/world.js';
import { ceilingVectors, gatherRows, popularityScores } from '../src/models/eval/baselines.js';
import { buildEvalSet } from '../src/models/eval/eval-set.js';
import { retrieveExact, retrieveGlobal } from '../src/models/eval/retrieve.js';
import { MAX_K, retrievalMetrics } from '../src/models/eval/retrieval-metrics.js';
import { bprRetrievalVectors, trainBpr } from '../src/models/mf/bpr.js';
import { benchmarkIdTwoTower } from '../src/models/two-tower/id-benchmark.js';
import { loadNative, nativeStatus } from '../src/native/addon.js';
import { trainTwoTower } from '../src/models/two-tower/train.js';
import type { DenseEngineName } from '../src/models/two-tower/types.js';
import type { BenchContext, BenchEntry, BenchRow } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const DESIGN_TORCH = 72_000;
const ARCH = { numItems: 1_000_000, numUsers: 50_000, dim: 64, hidden: [64], batchSize: 512 };

/** Debian's python3-torch installs for /usr/bin/python3, which may not be the python3 first on PATH. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/**
 * The PyTorch anchor: best of 1 thread and all cores. OMP_WAIT_POLICY=PASSIVE because, on a shared
 * machine, OpenMP's spinning threads collapse (measured here: 1,176 examples/s with 2 spinning threads
 * against 29,850 with one), which would flatter our ratio.
 */
function torchThroughput(ctx: BenchContext, steps: number): { value: number; note: string } | null {
  const runs: { threads: number; eps: number; version: string }[] = [];
  for (const threads of [...new Set([1, os.cpus().length])]) {
    try {
      const out = execFileSync(PYTHON, [join(here, 'py', 'two_tower_torch.py'), String(ARCH.numItems), String(ARCH.numUsers), String(ARCH.dim), String(ARCH.batchSize), String(steps), '10', String(threads)], {
        encoding: 'utf8', timeout: 600_000, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
      });
      const r = JSON.parse(out.trim().split('\n').at(-1)!);
      runs.push({ threads, eps: r.examples_per_second, version: r.torch });
    } catch (err) {
      ctx.log(`python3-torch not usable (${String(err).split('\n')[0]}); using DESIGN.md's ${DESIGN_TORCH} examples/s`);
      return null;
    }
  }
  const best = runs.reduce((a, b) => (b.eps > a.eps ? b : a));
  return {
    value: best.eps,
    note: `PyTorch ${best.version} measured in this run: ${runs.map((r) => `${r.threads} thread(s) ${Math.round(r.eps).toLocaleString('en-US')}/s`).join(', ')}; DESIGN.md's figure is ${DESIGN_TORCH.toLocaleString('en-US')}/s`,
  };
}

async function throughputRows(ctx: BenchContext): Promise<BenchRow[]> {
  const steps = ctx.scale === 'tiny' ? 20 : 100;
  const load = os.loadavg()[0];
  const torch = torchThroughput(ctx, steps);
  const anchor = { name: torch ? 'PyTorch CPU, same model (this run, best threads)' : 'PyTorch CPU (DESIGN.md)', value: torch?.value ?? DESIGN_TORCH, unit: 'examples/s' };
  const rows: BenchRow[] = [];
  // every engine on the same model and batches; 'auto' (what training uses) picks native when it is built
  const runs: { engine: DenseEngineName; threads?: '1' }[] = [{ engine: 'native' }, { engine: 'native', threads: '1' }, { engine: 'tfjs' }, { engine: 'js' }];
  for (const run of runs) {
    if (run.engine === 'native' && !loadNative()) {
      ctx.log(`two-tower native engine skipped: the addon is ${nativeStatus().reason}`);
      continue;
    }
    const saved = process.env.RECSYS_LAB_NATIVE_THREADS;
    if (run.threads) process.env.RECSYS_LAB_NATIVE_THREADS = run.threads;
    ctx.log(`two-tower ${run.engine} engine${run.threads ? ' (1 thread)' : ''}: ${steps} steps of batch ${ARCH.batchSize}`);
    const r = await benchmarkIdTwoTower({ ...ARCH, steps: run.engine === 'js' ? Math.max(5, steps / 5) : steps, warmupSteps: 5, engine: run.engine, sparseOptimizer: 'sgd', seed: 1 });
    if (saved === undefined) delete process.env.RECSYS_LAB_NATIVE_THREADS;
    else process.env.RECSYS_LAB_NATIVE_THREADS = saved;
    rows.push({
      name: `two-tower train, DESIGN arch, ${run.engine} engine (${r.backend})`,
      value: r.examplesPerSecond, unit: 'examples/s', anchor, ratio: r.examplesPerSecond / anchor.value,
      target: '≥ 0.5× PyTorch', met: r.examplesPerSecond >= 0.5 * anchor.value,
      note: `per step: gather ${r.gatherMsPerStep.toFixed(2)} ms, dense ${r.denseMsPerStep.toFixed(2)} ms, scatter+update ${r.scatterMsPerStep.toFixed(2)} ms; loss ${r.firstLoss.toFixed(2)} → ${r.lastLoss.toFixed(2)}; 1-min load average at start ${load.toFixed(1)} on ${os.cpus().length} cores${torch ? `; ${torch.note}` : ''}`,
    });
  }
  return rows;
}

async function recallRows(ctx: BenchContext): Promise<BenchRow[]> {
  const scale = ctx.scale === 'full' ? 'small' : ctx.scale;
  const world = generateWorld({ scale, seed: ctx.seed });
  const set = buildEvalSet(world, scale === 'tiny' ? 500 : 2000, new Rng(ctx.seed).fork('bench-eval'));
  ctx.log(`recall at ${scale}: training two-tower and BPR on ${world.split.trainCount.toLocaleString('en-US')} engagements`);
  const tt = await trainTwoTower(world, {
    dim: 64, hidden: [64], negatives: 'mixed', numNegatives: 64, logQ: 'correct', temperature: 0.05, batchSize: 512,
    epochs: scale === 'tiny' ? 3 : 2, learningRate: 0.003, seed: ctx.seed, maxExamples: scale === 'tiny' ? undefined : 600_000,
  });
  const ttR = retrievalMetrics(set, await retrieveExact(set, gatherRows(tt.userEmbeddings(), set.users, 64), tt.itemEmbeddings(), 64, MAX_K), MAX_K);
  const mf = await trainBpr(world, { dim: 64, epochs: 20, learningRate: 0.1, regularization: 0.001, seed: ctx.seed });
  const v = bprRetrievalVectors(mf);
  const mfR = retrievalMetrics(set, await retrieveExact(set, gatherRows(v.users, set.users, v.dim), v.items, v.dim, MAX_K), MAX_K);
  const popR = retrievalMetrics(set, retrieveGlobal(set, popularityScores(set), MAX_K), MAX_K);
  const c = ceilingVectors(world, set.users);
  const ceilR = retrievalMetrics(set, await retrieveExact(set, c.queries, c.items, c.dim, MAX_K), MAX_K);
  const r100 = ttR.recall_at_100;
  const note = `${scale} world, ${set.users.length} test users; two-tower trained ${(tt.stats.trainMs / 1000).toFixed(1)} s on ${tt.stats.backend} (${Math.round(tt.stats.examplesPerSecond).toLocaleString('en-US')} examples/s), BPR ${(mf.trainMs / 1000).toFixed(1)} s`;
  tt.dispose();
  return [
    { name: `recall@100 two-tower vs popularity (${scale})`, value: r100, unit: 'recall', anchor: { name: 'popularity', value: popR.recall_at_100, unit: 'recall' }, ratio: r100 / popR.recall_at_100, target: 'well above', met: r100 > 1.2 * popR.recall_at_100, note },
    { name: `recall@100 two-tower vs MF/BPR (${scale})`, value: r100, unit: 'recall', anchor: { name: 'BPR MF', value: mfR.recall_at_100, unit: 'recall' }, ratio: r100 / mfR.recall_at_100, target: 'well above', met: r100 > 1.1 * mfR.recall_at_100 },
    { name: `recall@100 two-tower vs ground-truth ceiling (${scale})`, value: r100, unit: 'recall', anchor: { name: 'ceiling (hidden vectors)', value: ceilR.recall_at_100, unit: 'recall' }, ratio: r100 / ceilR.recall_at_100, target: 'within sight', met: r100 >= 0.7 * ceilR.recall_at_100,
      note: 'the ceiling ranks by the hidden preferences; logged engagements also depend on what the logging policy showed, which a trained model can learn, so a ratio above 1 is possible' },
  ];
}

export const entry: BenchEntry = {
  id: 'two-tower',
  title: 'Two-tower retrieval: training throughput vs PyTorch, recall vs baselines',
  async run(ctx) {
    return [...(await throughputRows(ctx)), ...(await recallRows(ctx))];
  },
};
