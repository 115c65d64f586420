/**
 * Run in a fresh process by bench/world.bench.ts so that its peak RSS (VmHWM) measures one thing.
 *   mode gen:   generate the world once (generateWorldAsync, optional thread count), report time, counts and VmHWM.
 *   mode cache: build through the disk cache into a temp dir, then time a verified cold read.
 * Prints one JSON line on stdout.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { clearWorldMemoryCache, estimateWorldBytes, loadWorld } from '../../src/data/load-world.js';
import { defaultThreads } from '../../src/data/simulate-parallel.js';
import { generateWorldAsync } from '../../src/data/world.js';
import type { Scale } from '../../src/data/world-types.js';

function vmKiB(field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

const [mode, scaleArg, seedArg, threadsArg] = process.argv.slice(2);
const scale = scaleArg as Scale;
const seed = Number(seedArg);
const threads = threadsArg ? Number(threadsArg) : undefined;

if (mode === 'gen') {
  const baselineHwm = vmKiB('VmHWM');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const w = await generateWorldAsync({ scale, seed, threads });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0); // getrusage(RUSAGE_SELF): every thread of the process, workers included
  let bytes = 0;
  for (const part of [w.users, w.items, w.interactions] as unknown as Record<string, unknown>[]) {
    for (const v of Object.values(part)) if (ArrayBuffer.isView(v)) bytes += v.byteLength;
  }
  process.stdout.write(JSON.stringify({
    ms, cpuMs: (cpu.user + cpu.system) / 1000, threads: threads ?? defaultThreads(w.config), baselineHwmKiB: baselineHwm, peakHwmKiB: vmKiB('VmHWM'), worldBytes: bytes, estimateBytes: estimateWorldBytes(w.config, threads ?? defaultThreads(w.config)),
    users: w.users.count, items: w.items.count, interactions: w.interactions.count, train: w.split.trainCount,
  }) + '\n');
} else if (mode === 'cache') {
  const root = mkdtempSync(join(os.tmpdir(), 'recsys-bench-world-'));
  try {
    const t0 = performance.now();
    await loadWorld({ scale, seed, cacheRoot: root });
    const buildMs = performance.now() - t0;
    clearWorldMemoryCache();
    const t1 = performance.now();
    await loadWorld({ scale, seed, cacheRoot: root });
    const readMs = performance.now() - t1;
    process.stdout.write(JSON.stringify({ buildAndWriteMs: buildMs, verifiedReadMs: readMs }) + '\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
} else {
  process.stderr.write(`world child: mode must be gen or cache, got ${mode}\n`);
  process.exit(2);
}
