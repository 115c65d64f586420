/**
 * World generation: wall time and peak memory per scale, each measured in a fresh child process
 * (peak RSS read from /proc/self/status VmHWM, so the figure includes everything generation touched,
 * not just the JS heap). Also the disk cache: build+write and a checksum-verified cold read.
 * Targets from issue 2: the full world in < 30 s and < 4 GB peak, with ≥ 5M interactions.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchEntry, BenchRow, BenchScale } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));

function child(mode: 'gen' | 'cache', scale: BenchScale, seed: number, threads?: number): Record<string, number> {
  const args = ['--import', 'tsx', join(here, 'world', 'child.ts'), mode, scale, String(seed), ...(threads ? [String(threads)] : [])];
  const out = execFileSync(process.execPath, args, {
    cwd: join(here, '..'), encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as Record<string, number>;
}

const GiB = 2 ** 30;
const MiB = 2 ** 20;

function rowsFor(scale: BenchScale, ctx: BenchContext): BenchRow[] {
  ctx.log(`world ${scale}: generating in a child process…`);
  const g = child('gen', scale, ctx.seed);
  ctx.log(`world ${scale}: cache build + verified read in a child process…`);
  const c = child('cache', scale, ctx.seed);
  const full = scale === 'full';
  const s = g.ms / 1000;
  const peak = (g.peakHwmKiB * 1024) / GiB;
  const rows: BenchRow[] = [
    {
      name: `world ${scale}: generation time`, value: s, unit: 's', ...(full ? { target: '< 30 s', met: s < 30 } : {}),
      note: `${g.threads} simulation thread(s); load average at start ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores`,
    },
    {
      name: `world ${scale}: CPU time, all threads`, value: g.cpuMs / 1000, unit: 's',
      note: 'user + system of the whole process; on a busy machine wall time ≫ CPU time ÷ threads',
    },
    {
      name: `world ${scale}: peak RSS (VmHWM)`, value: peak, unit: 'GiB', ...(full ? { target: '< 4 GiB', met: peak < 4 } : {}),
      note: `process baseline ${((g.baselineHwmKiB * 1024) / MiB).toFixed(0)} MiB; world arrays ${(g.worldBytes / MiB).toFixed(0)} MiB; estimateWorldBytes ${(g.estimateBytes / MiB).toFixed(0)} MiB`,
    },
    {
      name: `world ${scale}: interactions`, value: g.interactions, unit: 'rows', ...(full ? { target: '≥ 5M', met: g.interactions >= 5_000_000 } : {}),
      note: `${g.users.toLocaleString('en-US')} users × ${g.items.toLocaleString('en-US')} items; ${g.train.toLocaleString('en-US')} train`,
    },
    { name: `world ${scale}: simulated engagements per second`, value: g.interactions / s, unit: 'rows/s' },
    { name: `world ${scale}: generate + write cache`, value: c.buildAndWriteMs / 1000, unit: 's' },
    { name: `world ${scale}: cold read from cache (sha256 verified)`, value: c.verifiedReadMs / 1000, unit: 's' },
  ];
  if (scale === 'small') {
    // the same world with the other thread choice (byte-identical by construction): what workers buy here
    const other = child('gen', scale, ctx.seed, g.threads > 1 ? 1 : 2);
    const [one, two] = g.threads > 1 ? [other.ms, g.ms] : [g.ms, other.ms];
    rows.splice(1, 0, {
      name: `world ${scale}: generation time, 2 worker threads`, value: two / 1000, unit: 's',
      anchor: { name: '1 thread', value: one / 1000, unit: 's' }, ratio: one / two,
      note: 'ratio = 1-thread time ÷ 2-worker time (> 1: the workers help); the default is chosen in simulate-parallel.ts',
    });
  }
  return rows;
}

export const entry: BenchEntry = {
  id: 'world',
  title: 'Synthetic world generation: time and peak memory per scale',
  async run(ctx) {
    const scales: BenchScale[] = ctx.scale === 'full' ? ['tiny', 'small', 'full'] : ctx.scale === 'small' ? ['tiny', 'small'] : ['tiny'];
    return scales.flatMap((s) => rowsFor(s, ctx));
  },
};
