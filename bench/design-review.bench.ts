/**
 * The design review's targets (issue 18): the reference design built, trained, indexed, served at its target QPS and
 * scored — at small in under 60 s on 2 cores from a cold cache; at full in under 10 minutes cold and 5 minutes from a
 * cached world, within 4 GB. Measured as a user runs it: a fresh process (`recsys-lab design reference`), an empty
 * cache, then the same command again with the world cached; peak resident memory from /usr/bin/time when present.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchEntry, BenchRow, BenchScale } from './types.js';

const root = join(import.meta.dirname, '..');
const TIME = '/usr/bin/time';
const COLD_TARGET_S: Record<BenchScale, number | undefined> = { tiny: undefined, small: 60, full: 600 };
const WARM_TARGET_S: Record<BenchScale, number | undefined> = { tiny: undefined, small: undefined, full: 300 };
const MEMORY_TARGET_GB = 4;

interface Timed {
  seconds: number;
  ok: boolean;
  /** peak resident set of the process, in GB (null without /usr/bin/time) */
  peakGb: number | null;
}

/** Wall seconds of one `design` command in a fresh process, and its peak RSS when /usr/bin/time can say. */
function timeReview(scale: BenchScale, cacheDir: string, out: string): Promise<Timed> {
  const node = [process.execPath, '--import', 'tsx', join(root, 'src/cli/main.ts'), 'design', 'reference', '--scale', scale, '--format', 'json', '--out', out, '-q'];
  const withTime = existsSync(TIME);
  const [cmd, ...args] = withTime ? [TIME, '-f', 'peak-kb %M', ...node] : node;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, RECSYS_LAB_CACHE_DIR: cacheDir, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const kb = /peak-kb (\d+)/.exec(err);
      resolve({ seconds: (performance.now() - started) / 1000, ok: code === 0, peakGb: kb ? Number(kb[1]) / 1e6 : null });
    });
  });
}

export const entry: BenchEntry = {
  id: 'design-review',
  title: 'Design review: the reference design built, served at its target QPS and scored (fresh processes)',
  async run(ctx) {
    const cache = mkdtempSync(join(tmpdir(), 'recsys-lab-design-'));
    const out = join(cache, 'review.json');
    try {
      ctx.log(`design reference --scale ${ctx.scale} (empty cache)`);
      const cold = await timeReview(ctx.scale, cache, out);
      ctx.log(`design reference --scale ${ctx.scale} (world cached)`);
      const warm = await timeReview(ctx.scale, cache, out);
      const rows: BenchRow[] = [];
      const cTarget = COLD_TARGET_S[ctx.scale];
      const wTarget = WARM_TARGET_S[ctx.scale];
      rows.push({ name: `design reference, ${ctx.scale}, empty cache (process start to scorecard)`, value: cold.seconds, unit: 's', ...(cTarget ? { target: `< ${cTarget} s`, met: cold.ok && cold.seconds < cTarget } : {}), ...(cold.ok ? {} : { note: 'the review failed' }) });
      rows.push({ name: `the same, world cached`, value: warm.seconds, unit: 's', ...(wTarget ? { target: `< ${wTarget} s`, met: warm.ok && warm.seconds < wTarget } : {}), ...(warm.ok ? {} : { note: 'the review failed' }) });
      const peak = Math.max(cold.peakGb ?? 0, warm.peakGb ?? 0);
      if (cold.peakGb !== null) rows.push({ name: 'peak resident memory of the review process', value: peak, unit: 'GB', target: `< ${MEMORY_TARGET_GB} GB`, met: peak < MEMORY_TARGET_GB });
      if (warm.ok) {
        const doc = JSON.parse(readFileSync(out, 'utf8')) as { run: { metrics: Record<string, number>; environment: { noise?: { loadAvg1: number } } } };
        const m = doc.run.metrics;
        rows.push({ name: 'reference design: end-to-end p99 at its target QPS (open loop)', value: m.p99_ms, unit: 'ms', target: '< 100 ms (its budget)', met: m.p99_ms < 100, note: `load average ${doc.run.environment.noise?.loadAvg1.toFixed(2) ?? '?'} during the run` });
        rows.push({ name: 'reference design: retrieval recall@100 of new items', value: m.recall_at_100, unit: '' });
        rows.push({ name: 'reference design: the stack’s resident arrays (memory model)', value: m.memory_total_mb, unit: 'MB' });
      }
      return rows;
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  },
};
