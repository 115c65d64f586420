/**
 * Cold start: bandit throughput (target: 100,000 rounds < 1 s) and each cold-start scenario's wall time
 * at the bench scale (target at small: < 60 s each), through the same runner as the CLI.
 */
import { createBanditPolicy, POLICY_NAMES, simulateBandit } from '../src/core/bandits/index.js';
import { Rng } from '../src/core/rng.js';
import { findScenario } from '../src/scenario/catalog.js';
import { runScenario } from '../src/scenario/runner.js';
import type { BenchEntry, BenchRow } from './types.js';

const ARMS = Array.from({ length: 20 }, (_, a) => 0.02 + 0.002 * a);

export const entry: BenchEntry = {
  id: 'cold-start',
  title: 'Cold start: bandit rounds per second and scenario wall time',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const name of POLICY_NAMES) {
      const rounds = 100_000;
      simulateBandit({ probabilities: ARMS, policy: createBanditPolicy(name, ARMS.length), rounds: 5_000, rng: new Rng(1) }); // warm-up
      const t0 = performance.now();
      simulateBandit({ probabilities: ARMS, policy: createBanditPolicy(name, ARMS.length), rounds, rng: new Rng(ctx.seed) });
      const ms = performance.now() - t0;
      rows.push({ name: `${name}: 100,000 rounds, 20 arms`, value: ms, unit: 'ms', target: '< 1000 ms', met: ms < 1000, anchor: { name: 'target', value: 1000, unit: 'ms' }, ratio: 1000 / ms, note: 'ratio = target ÷ measured (> 1 is under the target)' });
    }
    for (const id of ['cold-start-users', 'cold-start-items', 'cold-start-system', 'explore-exploit']) {
      ctx.log(`${id} at ${ctx.scale}…`);
      const t0 = performance.now();
      const result = await runScenario(await findScenario(id), { scale: ctx.scale, seed: ctx.seed });
      const s = (performance.now() - t0) / 1000;
      const held = result.claims.filter((c) => c.holds).length;
      rows.push({ name: `${id} scenario at ${ctx.scale}`, value: s, unit: 's', target: ctx.scale === 'small' ? '< 60 s' : undefined, met: ctx.scale === 'small' ? s < 60 : undefined, note: `${held}/${result.claims.length} claims held; backend ${result.environment.tfjsBackend}` });
    }
    return rows;
  },
};
