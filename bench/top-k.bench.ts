/**
 * top-k: src/core/vec.ts `topK` (sampled cut-off + quickselect + merge sort; the heap only with NaN) and
 * src/core/resample.ts `Bootstrap.quantile` (counts per distinct value instead of a sort per replicate), each timed
 * through src/measure beside the code it replaced (copied below, kept only here as the "before" reference) and beside
 * numpy on the same data (bench/py/topk_numpy.py: argpartition + argsort of the top k; np.percentile over the same
 * resamples). Scores and samples are drawn fresh from the bench's seed. Every answer is checked: the references must
 * return exactly our indices / our replicates (Object.is), numpy the same index set (ties aside) and percentiles.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bootstrap } from '../src/core/resample.js';
import { Rng } from '../src/core/rng.js';
import { quantileSorted } from '../src/core/stats.js';
import { heapKeep, kthSmallest, topK } from '../src/core/vec.js';
import { measureInterleaved, type Measurement } from '../src/measure/index.js';
import type { BenchContext, BenchEntry, BenchRow } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));

// ——— the "before" references (not used anywhere else) ———

/** topK as it was before selection (2d6bbef): the k-heap (still topK's path when a score is NaN), then a comparator sort. */
function heapTopK(scores: ArrayLike<number>, k: number): Int32Array {
  const m = Math.min(k, scores.length);
  return m <= 0 ? new Int32Array(0) : comparatorSort(scores, heapKeep(scores, m));
}

function comparatorSort(scores: ArrayLike<number>, kept: Int32Array): Int32Array {
  const out = Array.from(kept);
  out.sort((x, y) => scores[y] - scores[x] || x - y);
  return Int32Array.from(out);
}

/**
 * topK as it was just before this morning's change (2286986, n ≥ 256, no NaN): quickselect of the k-th largest over a
 * full Float64Array copy, then the comparator sort of the kept indices.
 */
function copySelectTopK(scores: ArrayLike<number>, m: number): Int32Array {
  const n = scores.length;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = scores[i];
  const t = kthSmallest(a, n - m);
  const kept = new Int32Array(m);
  let w = 0;
  for (let i = 0; i < n; i++) if (scores[i] > t) kept[w++] = i;
  for (let i = 0; i < n && w < m; i++) if (scores[i] === t) kept[w++] = i;
  return comparatorSort(scores, kept);
}

/** Bootstrap.quantile as it was before 2cf4e79: copy each resample, sort it, read the quantile. */
function sortPerReplicate(boot: Bootstrap, samples: ArrayLike<number>, q: number, population: string): Float64Array {
  const scratch = new Float64Array(samples.length);
  return boot.statistic(population, samples.length, (idx) => {
    for (let i = 0; i < idx.length; i++) scratch[i] = samples[idx[i]];
    scratch.sort();
    return quantileSorted(scratch, q);
  });
}

// ——— the anchor ———

interface PyResult {
  numpy: string;
  topk: { seconds: number; cpuShare: number; indices: number[] }[];
  bootstrap: { seconds: number; cpuShare: number; values: number[] }[];
}

function runNumpy(ctx: BenchContext, manifest: string): PyResult | null {
  try {
    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const out = execFileSync(python, [join(here, 'py', 'topk_numpy.py'), manifest], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24 });
    return JSON.parse(out) as PyResult;
  } catch (e) {
    ctx.log(`numpy reference skipped (python3-numpy not installed? apt-get install -y python3-numpy): ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}

// ——— the cases ———

interface TopKCase {
  label: string;
  scores: Float32Array;
  k: number;
}

function topKCases(seed: number): TopKCase[] {
  const rng = new Rng(seed).fork('top-k');
  const cases: TopKCase[] = [];
  for (const n of [5_000, 100_000, 1_000_000]) {
    const scores = Float32Array.from({ length: n }, () => rng.normal());
    for (const k of [10, 100]) cases.push({ label: `n ${n.toLocaleString('en-US')}, k ${k}`, scores, k });
  }
  // many ties: 100,000 scores on 50 levels (~2,000 equal scores at the cut-off)
  const tied = Float32Array.from({ length: 100_000 }, () => Math.floor(rng.next() * 50) / 50);
  cases.push({ label: 'n 100,000 on 50 levels (ties), k 100', scores: tied, k: 100 });
  return cases;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => Object.is(v, b[i]));

/**
 * numpy's answer against ours: the same index set, or — ties aside — the same indices above the k-th score and the
 * same k scores.
 */
function checkNumpy(c: TopKCase, ours: Int32Array, theirs: number[]): string {
  const setA = new Set(ours);
  if (theirs.length === ours.length && theirs.every((i) => setA.has(i))) return 'numpy: the same index set';
  const kth = c.scores[ours[ours.length - 1]];
  const above = (xs: ArrayLike<number>) => Array.from(xs).filter((i) => c.scores[i] > kth).sort((x, y) => x - y);
  const scoresOf = (xs: ArrayLike<number>) => Array.from(xs, (i) => c.scores[i]).sort((x, y) => y - x);
  if (same(above(ours), above(theirs)) && same(scoresOf(ours), scoresOf(theirs))) return 'numpy: the same set above the k-th score, other indices among the ties at it';
  throw new Error(`top-k: numpy's top ${c.k} differ from ours for ${c.label}`);
}

const p50 = (m: Measurement) => m.summary.p50_ms;
const pct = (x: number) => `${Math.round(100 * Math.min(1, x))}%`;
const share = (m: Measurement) => `CPU ${pct(m.cpuShare)} of wall`;
const ms = (v: number) => (v >= 1 ? v.toFixed(2) : v >= 0.01 ? v.toFixed(3) : v.toPrecision(3));

export const entry: BenchEntry = {
  id: 'top-k',
  title: 'topK (selection) and Bootstrap.quantile (counts per value) against the code they replaced and numpy',
  async run(ctx) {
    const B = 400;
    const Q = 0.99;
    const cases = topKCases(ctx.seed);
    const timings: { ours: Measurement; heap: Measurement; copySelect: Measurement; ours0: Int32Array }[] = [];
    for (const c of cases) {
      ctx.log(`topK ${c.label}: ours, the heap, the copy-and-select, interleaved…`);
      const ours0 = topK(c.scores, c.k);
      if (!same(ours0, heapTopK(c.scores, c.k))) throw new Error(`top-k: topK differs from the heap for ${c.label}`);
      if (!same(ours0, copySelectTopK(c.scores, c.k))) throw new Error(`top-k: topK differs from the copy-and-select for ${c.label}`);
      let sink = 0;
      const m = await measureInterleaved({
        ours: () => { sink += topK(c.scores, c.k)[0]; },
        heap: () => { sink += heapTopK(c.scores, c.k)[0]; },
        copySelect: () => { sink += copySelectTopK(c.scores, c.k)[0]; },
      }, { label: `top-k ${c.label}`, quantile: 0.5, minSamples: 20, maxSamples: 400, budgetMs: c.scores.length >= 1_000_000 ? 3000 : 1500 });
      if (sink < 0) throw new Error('unreachable: keeps the calls from being optimised away');
      timings.push({ ...m, ours0 });
    }

    const boots: { n: number; samples: Float64Array; pop: string; boot: Bootstrap; ours: Measurement; before: Measurement; value: Float64Array }[] = [];
    for (const n of [1_000, 10_000]) {
      const rng = new Rng(ctx.seed).fork(`bootstrap-${n}`);
      // latency-like: lognormal, a few repeated values (rounded to 1 µs) as measured latencies have
      const samples = Float64Array.from({ length: n }, () => Math.round(Math.exp(rng.normal(0, 0.5)) * 1000) / 1000);
      const boot = new Bootstrap(new Rng(ctx.seed).fork(`bootstrap-resamples-${n}`), B);
      const pop = 'bench'; // one named population: the B resamples are drawn once and cached, so only the quantile is timed
      const value = boot.quantile(samples, Q, pop);
      if (!same(value, sortPerReplicate(boot, samples, Q, pop))) throw new Error(`top-k: Bootstrap.quantile differs from sorting each resample, n ${n}`);
      ctx.log(`Bootstrap.quantile B ${B}, n ${n.toLocaleString('en-US')}: counts per value vs sort per replicate, interleaved…`);
      let sink = 0;
      const m = await measureInterleaved({
        ours: () => { sink += boot.quantile(samples, Q, pop)[0]; },
        before: () => { sink += sortPerReplicate(boot, samples, Q, pop)[0]; },
      }, { label: `bootstrap quantile n ${n}`, quantile: 0.5, minSamples: 20, maxSamples: 200, budgetMs: 3000 });
      if (sink < 0) throw new Error('unreachable');
      boots.push({ n, samples, pop, boot, ours: m.ours, before: m.before, value });
    }

    ctx.log('numpy on the same scores and resamples…');
    const dir = mkdtempSync(join(tmpdir(), 'recsys-topk-bench-'));
    let py: PyResult | null;
    try {
      const write = (f: string, a: Float32Array | Float64Array | Int32Array) => writeFileSync(join(dir, f), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      const files = new Map<Float32Array, string>();
      const topk = cases.map((c) => {
        if (!files.has(c.scores)) {
          files.set(c.scores, `scores-${files.size}.f32`);
          write(files.get(c.scores)!, c.scores);
        }
        return { scores: join(dir, files.get(c.scores)!), k: c.k };
      });
      const bootstrap = boots.map((b) => {
        const idx = new Int32Array(B * b.n);
        for (let r = 0; r < B; r++) idx.set(b.boot.indices(b.pop, b.n, r), r * b.n);
        write(`samples-${b.n}.f64`, b.samples);
        write(`indices-${b.n}.i32`, idx);
        return { samples: join(dir, `samples-${b.n}.f64`), indices: join(dir, `indices-${b.n}.i32`), q: Q };
      });
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ topk, bootstrap }));
      py = runNumpy(ctx, join(dir, 'manifest.json'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const rows: BenchRow[] = [];
    cases.forEach((c, i) => {
      const t = timings[i];
      const ours = p50(t.ours);
      const np = py?.topk[i];
      const agree = np ? checkNumpy(c, t.ours0, np.indices) : 'numpy skipped';
      const r: BenchRow = { name: `topK ${c.label}`, value: ours, unit: 'ms', note: `ratio = numpy ÷ ours; ours: median of ${t.ours.summary.n}, ${share(t.ours)}${np ? `; numpy: median of ${c.scores.length <= 100_000 ? 21 : 7}, CPU ${pct(np.cpuShare)} of wall` : ''}; ${agree}` };
      if (np) {
        r.anchor = { name: `numpy ${py!.numpy} argpartition + argsort, same scores`, value: np.seconds * 1000, unit: 'ms' };
        r.ratio = (np.seconds * 1000) / ours;
      }
      rows.push(r);
      rows.push({
        name: `topK ${c.label}, against the heap (before)`, value: ours, unit: 'ms',
        anchor: { name: 'k-heap + comparator sort, interleaved', value: p50(t.heap), unit: 'ms' }, ratio: p50(t.heap) / ours,
        note: `ratio = heap ÷ ours; the copy-and-select of 2286986 (the code just before) ${ms(p50(t.copySelect))} ms: ${(p50(t.copySelect) / ours).toFixed(2)}×; all three return the same indices in the same order`,
      });
    });
    boots.forEach((b, i) => {
      const ours = p50(b.ours);
      const before = p50(b.before);
      const label = `Bootstrap.quantile p${Math.round(Q * 100)}, B ${B}, n ${b.n.toLocaleString('en-US')}`;
      rows.push({
        name: `${label}, against sorting each resample (before)`, value: ours, unit: 'ms',
        anchor: { name: 'copy + sort per replicate, interleaved', value: before, unit: 'ms' }, ratio: before / ours,
        note: `ratio = before ÷ ours; median of ${b.ours.summary.n}, ${share(b.ours)}; every replicate Object.is-equal; the resamples drawn once (cached), not timed`,
      });
      const np = py?.bootstrap[i];
      if (np) {
        let worst = 0;
        for (let r = 0; r < B; r++) worst = Math.max(worst, Math.abs(np.values[r] - b.value[r]) / Math.max(1e-300, Math.abs(b.value[r])));
        if (!(worst <= 1e-12)) throw new Error(`top-k: numpy's percentiles differ from ours by ${worst} (relative), n ${b.n}`);
        rows.push({
          name: `${label}, against numpy`, value: ours, unit: 'ms',
          anchor: { name: `numpy ${py!.numpy} percentile(x[idx], axis=1), same resamples`, value: np.seconds * 1000, unit: 'ms' }, ratio: (np.seconds * 1000) / ours,
          note: `ratio = numpy ÷ ours; numpy: median of 7, CPU ${pct(np.cpuShare)} of wall; numpy's ${B} percentiles within ${worst.toExponential(1)} (relative) of ours`,
        });
      }
    });
    return rows;
  },
};
