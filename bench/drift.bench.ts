/**
 * Drift benchmark: PSI, KL, χ² and KS over a million values each (target < 50 ms each), side by side
 * with numpy/scipy (python3-scipy) on the same data, p-values compared; and the 90-day drifting
 * timeline with five retraining policies at the chosen scale (target < 30 s at small).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chiSquareTest, klDivergence, ksTest, psi } from '../src/core/drift/index.js';
import { Rng } from '../src/core/rng.js';
import { measure } from '../src/measure/index.js';
import { loadWorld } from '../src/data/load-world.js';
import { defaultSchedule, DriftWorld } from '../src/production/drift/drift-schedule.js';
import { runTimeline } from '../src/production/drift/timeline.js';
import type { BenchContext, BenchEntry, BenchRow } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const N = 1_000_000;
const K = 50;

/**
 * Median wall ms of a call through the measurement protocol (warm-up until stable, ≥ 20 samples for a median, three
 * trials), the share of that wall time this process had the CPU (on a loaded machine, < 1 says the wall time includes
 * waiting for a core), and the call's last value.
 */
async function medianMs<T>(label: string, fn: () => T): Promise<{ ms: number; cpuShare: number; n: number; value: T }> {
  let value = fn();
  const m = await measure(() => { value = fn(); }, { label, quantile: 0.5, maxSamples: 40, budgetMs: 1000, warmup: { minCalls: 3, window: 3, maxMs: 1000 } });
  return { ms: m.summary.p50_ms, cpuShare: m.cpuShare, n: m.summary.n, value };
}

const cpuNote = (r: { cpuShare: number; n: number }) => `median of ${r.n}; CPU ${Math.round(100 * Math.min(1, r.cpuShare))}% of wall; `;

interface PyResult {
  scipy: string;
  psi: { seconds: number; value: number };
  ks: { seconds: number; statistic: number; pvalue: number };
  chi2: { seconds: number; statistic: number; pvalue: number };
  kl: { seconds: number; value: number };
}

function runScipy(ctx: BenchContext, files: string[]): PyResult | null {
  try {
    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const out = execFileSync(python, [join(here, 'py', 'drift_scipy.py'), ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
    return JSON.parse(out) as PyResult;
  } catch (e) {
    ctx.log(`scipy reference skipped (python3-scipy not installed? apt-get install -y python3-scipy): ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}

function row(name: string, ms: number, anchorSeconds: number | undefined, note: string): BenchRow {
  const r: BenchRow = { name, value: ms, unit: 'ms', target: '< 50 ms', met: ms < 50, note };
  if (anchorSeconds !== undefined) {
    r.anchor = { name: 'numpy/scipy, same data', value: anchorSeconds * 1000, unit: 'ms' };
    r.ratio = (anchorSeconds * 1000) / ms;
  }
  return r;
}

async function statistics(ctx: BenchContext): Promise<BenchRow[]> {
  const rng = new Rng(ctx.seed);
  const base = Float64Array.from({ length: N }, () => rng.normal());
  const cur = Float64Array.from({ length: N }, () => rng.normal(0.02, 1));
  // categorical codes with skewed shares, the second sample slightly shifted
  const catA = Int32Array.from({ length: N }, () => Math.min(K - 1, Math.floor(-Math.log(1 - rng.next()) * 8)));
  const catB = Int32Array.from({ length: N }, () => Math.min(K - 1, Math.floor(-Math.log(1 - rng.next()) * 8.1)));
  const p = Float64Array.from({ length: N }, () => rng.next());
  const q = Float64Array.from({ length: N }, () => rng.next());
  const counts = (codes: Int32Array) => {
    const c = new Float64Array(K);
    for (let i = 0; i < codes.length; i++) c[codes[i]]++;
    return c;
  };
  const psiRun = await medianMs('psi', () => psi(base, cur));
  const ksRun = await medianMs('ks', () => ksTest(base, cur));
  const chiRun = await medianMs('chi2', () => chiSquareTest(counts(catA), counts(catB)));
  const klRun = await medianMs('kl', () => klDivergence(p, q, { epsilon: 1e-12 })); // 1M entries of ~1e-6 each: the default ε = 1e-4 would floor every one
  const dir = mkdtempSync(join(tmpdir(), 'recsys-drift-bench-'));
  const files = ['base.f64', 'cur.f64', 'cat_a.i32', 'cat_b.i32', String(K), 'p.f64', 'q.f64'].map((f) => (/^\d+$/.test(f) ? f : join(dir, f)));
  const write = (f: string, a: Float64Array | Int32Array) => writeFileSync(f, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  write(files[0], base);
  write(files[1], cur);
  write(files[2], catA);
  write(files[3], catB);
  write(files[5], p);
  write(files[6], q);
  const py = runScipy(ctx, files);
  rmSync(dir, { recursive: true, force: true });
  const agree = (ours: number, theirs: number | undefined) => (theirs === undefined ? '' : ` (scipy ${theirs.toPrecision(6)}, ours ${ours.toPrecision(6)})`);
  return [
    row('PSI, 1M baseline vs 1M current, 10 quantile bins', psiRun.ms, py?.psi.seconds, `${cpuNote(psiRun)}PSI = ${psiRun.value.toFixed(5)}${agree(psiRun.value, py?.psi.value)}`),
    row('KL, two 1M-entry distributions (ε = 1e-12)', klRun.ms, py?.kl.seconds, `${cpuNote(klRun)}KL = ${klRun.value.toExponential(4)}${agree(klRun.value, py?.kl.value)}`),
    row(`χ² 2×${K}, counting 1M + 1M categorical values`, chiRun.ms, py?.chi2.seconds, `${cpuNote(chiRun)}χ² = ${chiRun.value.statistic.toFixed(2)}, p ${agree(chiRun.value.pValue, py?.chi2.pvalue)}`),
    row('KS two-sample, 1M vs 1M (bucketed D)', ksRun.ms, py?.ks.seconds, `${cpuNote(ksRun)}D = ${ksRun.value.statistic.toFixed(5)}, p ${agree(ksRun.value.pValue, py?.ks.pvalue)} (ours: Stephens-corrected asymptotic)`),
  ];
}

async function timeline(ctx: BenchContext): Promise<BenchRow[]> {
  const t0 = performance.now();
  const world = await loadWorld({ scale: ctx.scale, seed: ctx.seed });
  const loadMs = performance.now() - t0;
  const dw = new DriftWorld(world, defaultSchedule(), new Rng(ctx.seed).fork('drift-world'));
  const cpu0 = process.cpuUsage();
  const requests = { tiny: 150, small: 1000, full: 3000 }[ctx.scale];
  const candidates = ctx.scale === 'tiny' ? 20 : 100;
  const res = await runTimeline(dw, {
    days: 90, warmupDays: 7, requestsPerDay: requests, candidatesPerRequest: candidates, windowDays: 7, epochs: 2, learningRate: 0.05,
    l2: 1e-4, psiBins: 10, explorationShare: 0.1, countryWindowDays: 7,
    policies: [{ kind: 'never' }, { kind: 'periodic', everyDays: 7 }, { kind: 'psi', threshold: 0.2, minGapDays: 3 }, { kind: 'blend', everyDays: 7, blendDays: 7, initialNewWeight: 0.3 }, { kind: 'online' }],
  }, new Rng(ctx.seed).fork('timeline'));
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const rows = 90 * requests * candidates;
  return [
    { name: `90-day timeline, 5 policies, ${requests}×${candidates} per day`, value: res.ms / 1000, unit: 's', target: '< 30 s', met: res.ms < 30_000, note: `CPU ${cpuS.toFixed(1)} s; ${Math.round((rows * 5) / (res.ms / 1000)).toLocaleString('en-US')} candidate-scorings/s; world load ${(loadMs / 1000).toFixed(1)} s not included` },
  ];
}

export const entry: BenchEntry = {
  id: 'drift',
  title: 'Drift statistics over 1M values and the 90-day drifting timeline',
  async run(ctx) {
    ctx.log('drift statistics over 1M values…');
    const stats = await statistics(ctx);
    ctx.log('90-day timeline…');
    return [...stats, ...(await timeline(ctx))];
  },
};
