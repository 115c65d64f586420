/**
 * The sequence tower's training time (issue 21's target: the attention encoder trains at small scale in under 3
 * minutes on 2 cores on the fastest engine). The sequence-vs-pooling scenario at the bench scale, through the same
 * runner as the CLI, without its sweep (the sweep only re-evaluates the trained models): each encoder's training
 * stage timed by wall clock and by this process's CPU time (the encoders are plain TypeScript on one thread, so the
 * CPU time is what a quiet core would take; wall time on a shared machine is longer).
 */
import os from 'node:os';
import { findScenario } from '../src/scenario/catalog.js';
import { runScenario } from '../src/scenario/runner.js';
import type { BenchEntry, BenchRow } from './types.js';

const ENCODERS = ['mean', 'recency', 'attention'];
const TARGET_S = 180;

export const entry: BenchEntry = {
  id: 'sequence-training',
  title: 'Sequence tower training: attention against mean and recency pooling, sequence-vs-pooling scenario',
  async run(ctx) {
    const cpuAt = new Map<string, NodeJS.CpuUsage>();
    const stages = new Map<string, { wall: number; cpu: number }>();
    const load0 = os.loadavg()[0];
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await runScenario(await findScenario('sequence-vs-pooling'), {
      scale: ctx.scale, seed: ctx.seed, sweep: false,
      onEvent: (e) => {
        if (e.type === 'stage-start') cpuAt.set(e.stage, process.cpuUsage());
        else if (e.type === 'stage-end') {
          const c = process.cpuUsage(cpuAt.get(e.stage));
          stages.set(e.stage, { wall: e.ms / 1000, cpu: (c.user + c.system) / 1e6 });
          ctx.log(`${e.stage}: ${(e.ms / 1000).toFixed(1)} s`);
        }
      },
    });
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const load = `load average ${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
    const m = result.metrics;
    const rows: BenchRow[] = [];
    for (const kind of ENCODERS) {
      const s = stages.get(`train-${kind}`);
      if (!s) continue;
      const attention = kind === 'attention';
      rows.push({
        name: `${kind} encoder training at ${ctx.scale} (${m.train_examples?.toLocaleString('en-US')} examples), CPU time`, value: s.cpu, unit: 's',
        target: attention && ctx.scale === 'small' ? `< ${TARGET_S} s` : undefined, met: attention && ctx.scale === 'small' ? s.cpu < TARGET_S : undefined,
        anchor: attention ? { name: 'issue target', value: TARGET_S, unit: 's' } : undefined, ratio: attention ? TARGET_S / s.cpu : undefined,
        note: `wall ${s.wall.toFixed(1)} s; final loss ${m[`final_loss_${kind}`]}, recall@k ${m[`recall_${kind}`]}; one thread (plain TypeScript)${attention ? '; ratio = target ÷ CPU time' : ''}`,
      });
    }
    const evalS = ENCODERS.reduce((a, k) => a + (stages.get(`evaluate-${k}`)?.wall ?? 0), 0);
    const staged = [...stages.values()].reduce((a, s) => a + s.wall, 0);
    rows.push({
      name: `sequence-vs-pooling at ${ctx.scale} without its sweep, whole run`, value: wall, unit: 's',
      note: `CPU ${((c.user + c.system) / 1e6).toFixed(1)} s; evaluation over the whole catalog ${evalS.toFixed(1)} s wall, intraday world ${(stages.get('intraday-world')?.wall ?? 0).toFixed(1)} s, outside stages (world load, encode timing, bootstrap) ${(wall - staged).toFixed(1)} s; ${load}`,
    });
    return rows;
  },
};
