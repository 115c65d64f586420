/** Builds the ExperimentContext a run hands to its experiment: seeded RNGs, world, stage timing, progress, cancellation. */
import { RunCancelledError } from '../core/errors.js';
import { Bootstrap } from '../core/resample.js';
import { Rng } from '../core/rng.js';
import { logCacheProblems } from '../data/cache.js';
import { loadWorld } from '../data/load-world.js';
import type { ExperimentContext, ExperimentOutput, ParamValue, RunEvent, Scale, SweepSpec } from './types.js';

export interface ContextOptions {
  params: Record<string, ParamValue>;
  scale: Scale;
  seed: number;
  sweep?: SweepSpec;
  signal: AbortSignal;
  emit: (event: RunEvent) => void;
  environment: Record<string, string | number>;
  stages: Record<string, number>;
  /** shared with the runner, which resamples per-trial figures to its B */
  bootstrap: Bootstrap;
}

const YIELD_EVERY_MS = 30;

export function createExperimentContext(o: ContextOptions): ExperimentContext {
  const root = new Rng(o.seed);
  let lastYield = performance.now();
  const stageStart = new Map<string, { t0: number; f0: number }>();
  const check = (): void => {
    if (o.signal.aborted) throw new RunCancelledError();
  };
  return {
    params: o.params,
    scale: o.scale,
    seed: o.seed,
    sweep: o.sweep,
    signal: o.signal,
    rng: (label) => root.fork(label),
    bootstrap: o.bootstrap,
    world: (options) =>
      loadWorld({
        scale: o.scale, seed: o.seed, overrides: options?.overrides, signal: o.signal,
        onCacheEvent: logCacheProblems((message) => o.emit({ type: 'log', message })),
      }),
    async stage(name, fn) {
      check();
      o.emit({ type: 'stage-start', stage: name });
      const t0 = performance.now();
      stageStart.set(name, { t0, f0: 0 });
      try {
        return await fn();
      } finally {
        const ms = performance.now() - t0;
        o.stages[name] = (o.stages[name] ?? 0) + ms;
        o.emit({ type: 'stage-end', stage: name, ms });
      }
    },
    progress(stage, fraction, detail) {
      const f = Math.min(1, Math.max(0, fraction));
      const s = stageStart.get(stage);
      let etaMs: number | undefined;
      if (s && f > 0.02) etaMs = ((performance.now() - s.t0) * (1 - f)) / f;
      o.emit({ type: 'progress', stage, fraction: f, detail, etaMs });
    },
    partial(update: Partial<ExperimentOutput>) {
      o.emit({ type: 'partial', output: update });
    },
    log(message) {
      o.emit({ type: 'log', message });
    },
    setEnvironment(key, value) {
      o.environment[key] = value;
    },
    async tick() {
      check();
      const now = performance.now();
      if (now - lastYield >= YIELD_EVERY_MS) {
        lastYield = now;
        await new Promise<void>((r) => setImmediate(r));
        check();
      }
    },
  };
}
