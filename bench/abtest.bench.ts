/**
 * A/B-test statistics at scale, side by side with numpy/scipy on the same data: CUPED over 10M users (target
 * < 200 ms), the SRM check counting 10M assignments, and 10,000 simulated A/A tests of 2,000 users per arm with 10
 * sequential looks, each read by a peeking z-test and by the mSPRT (target < 5 s). The A/A rates double as a check
 * of both implementations: the same design should give the same false-positive rates within simulation noise.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstMsprtRejection, firstSignificantLook, sampleRatioMismatch, twoProportionZTest } from '../src/core/abtest/index.js';
import { cupedAdjust } from '../src/production/rollout/cuped.js';
import { Rng } from '../src/core/rng.js';
import { measure } from '../src/measure/index.js';
import type { BenchContext, BenchEntry, BenchRow } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const USERS = 10_000_000;
const TESTS = 10_000;
const PER_ARM = 2_000;
const LOOKS = 10;
const CTR = 0.1;
const TAU = 0.02;

interface PyResult {
  cuped: { seconds: number; theta: number; variance_reduction: number };
  srm: { seconds: number; statistic: number; pvalue: number };
  aa: { seconds: number; fixed: number; peeking: number; msprt: number };
}

function runScipy(ctx: BenchContext, args: string[]): PyResult | null {
  try {
    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const out = execFileSync(python, [join(here, 'py', 'abtest_scipy.py'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
    return JSON.parse(out) as PyResult;
  } catch (e) {
    ctx.log(`scipy reference skipped (python3-scipy not installed? apt-get install -y python3-scipy): ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}

/** Median ms of a call through the measurement protocol, with the CPU share of the wall time and the last value. */
async function medianMs<T>(label: string, fn: () => T, maxSamples = 15): Promise<{ ms: number; cpuShare: number; n: number; value: T }> {
  let value = fn();
  const m = await measure(() => { value = fn(); }, { label, quantile: 0.5, maxSamples, budgetMs: 3000, warmup: { minCalls: 2, window: 2, maxMs: 2000 } });
  return { ms: m.summary.p50_ms, cpuShare: m.cpuShare, n: m.summary.n, value };
}

/** TESTS A/A tests: per look, PER_ARM/LOOKS users per arm each click with probability CTR. Rates of the three readings. */
function aaTests(seed: number): { fixed: number; peeking: number; msprt: number } {
  const rng = new Rng(seed);
  const perLook = PER_ARM / LOOKS;
  const n = Float64Array.from({ length: LOOKS }, (_, t) => (t + 1) * perLook);
  const ca = new Float64Array(LOOKS);
  const cb = new Float64Array(LOOKS);
  let [fixed, peeking, msprt] = [0, 0, 0];
  for (let e = 0; e < TESTS; e++) {
    let a = 0;
    let b = 0;
    for (let t = 0; t < LOOKS; t++) {
      for (let i = 0; i < perLook; i++) {
        if (rng.next() < CTR) a++;
        if (rng.next() < CTR) b++;
      }
      ca[t] = a;
      cb[t] = b;
    }
    if (twoProportionZTest(a, PER_ARM, b, PER_ARM).pValue < 0.05) fixed++;
    if (firstSignificantLook(ca, n, cb, n, 0.05) >= 0) peeking++;
    if (firstMsprtRejection(ca, n, cb, n, 0.05, TAU) >= 0) msprt++;
  }
  return { fixed: fixed / TESTS, peeking: peeking / TESTS, msprt: msprt / TESTS };
}

const cpuNote = (r: { cpuShare: number; n: number }) => `median of ${r.n}; CPU ${Math.round(100 * Math.min(1, r.cpuShare))}% of wall; `;

export const entry: BenchEntry = {
  id: 'abtest',
  title: 'CUPED over 10M users, the SRM check, and 10,000 sequential A/A tests',
  async run(ctx) {
    ctx.log('data for CUPED and SRM (10M users)…');
    const rng = new Rng(ctx.seed);
    const x = new Float64Array(USERS);
    const y = new Float64Array(USERS);
    const arms = new Uint8Array(USERS);
    for (let i = 0; i < USERS; i++) {
      x[i] = rng.poisson(3);
      y[i] = 0.6 * x[i] + rng.poisson(2);
      arms[i] = rng.next() < 0.501 ? 0 : 1; // a 0.1-point imbalance: the check should see it at 10M
    }
    const cuped = await medianMs('cuped 10M', () => cupedAdjust(y, x));
    const srm = await medianMs('srm 10M', () => {
      const counts = [0, 0];
      for (let i = 0; i < USERS; i++) counts[arms[i]]++;
      return sampleRatioMismatch(counts, [0.5, 0.5]);
    });
    ctx.log(`${TESTS.toLocaleString('en-US')} A/A tests…`);
    const t0 = performance.now();
    const aa = aaTests(ctx.seed);
    const aaS = (performance.now() - t0) / 1000; // one long run: a stage time, not a quantile
    const dir = mkdtempSync(join(tmpdir(), 'recsys-abtest-bench-'));
    const file = (name: string, a: Float64Array | Uint8Array) => {
      const f = join(dir, name);
      writeFileSync(f, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      return f;
    };
    ctx.log('numpy/scipy on the same data…');
    const py = runScipy(ctx, [file('y.f64', y), file('x.f64', x), file('arms.u8', arms), String(TESTS), String(PER_ARM), String(LOOKS), String(CTR), String(TAU)]);
    rmSync(dir, { recursive: true, force: true });
    // ratio = anchor time ÷ ours (> 1: we are faster)
    const withRatio = (r: BenchRow, seconds: number | undefined): BenchRow =>
      seconds === undefined ? r : { ...r, anchor: { name: 'numpy/scipy, same data', value: seconds * 1000, unit: 'ms' }, ratio: (seconds * 1000) / r.value };
    const sameAs = (ours: number, theirs: number | undefined) => (theirs === undefined ? '' : ` (numpy ${theirs.toPrecision(6)}, ours ${ours.toPrecision(6)})`);
    return [
      withRatio({ name: 'CUPED, 10M users (θ, adjusted metric, variance reduction)', value: cuped.ms, unit: 'ms', target: '< 200 ms', met: cuped.ms < 200, note: `${cpuNote(cuped)}variance reduction${sameAs(cuped.value.varianceReduction, py?.cuped.variance_reduction)}; ratio = anchor time ÷ ours` }, py?.cuped.seconds),
      withRatio({ name: 'SRM check, counting 10M assignments + χ²', value: srm.ms, unit: 'ms', note: `${cpuNote(srm)}χ² p${sameAs(srm.value.pValue, py?.srm.pvalue)}` }, py?.srm.seconds),
      {
        name: `${TESTS.toLocaleString('en-US')} A/A tests × ${PER_ARM.toLocaleString('en-US')} users per arm × ${LOOKS} looks (z-test, peeking, mSPRT)`,
        value: aaS, unit: 's', target: '< 5 s', met: aaS < 5,
        ...(py ? { anchor: { name: 'numpy, vectorised, same design', value: py.aa.seconds, unit: 's' }, ratio: py.aa.seconds / aaS } : {}),
        note: `false positives fixed / peeking / mSPRT: ours ${aa.fixed} / ${aa.peeking} / ${aa.msprt}${py ? `; numpy ${py.aa.fixed} / ${py.aa.peeking} / ${py.aa.msprt}` : ''} (binomial SE at α ≈ 0.002); one run, a wall time`,
      },
    ];
  },
};
