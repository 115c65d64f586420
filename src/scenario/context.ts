/** Builds the ExperimentContext a run hands to its experiment: seeded RNGs, world, stage timing, progress, cancellation. */
import { RunCancelledError, UsageError } from '../core/errors.js';
import { Bootstrap } from '../core/resample.js';
import { Rng } from '../core/rng.js';
import { logCacheProblems } from '../data/cache.js';
import { loadWorld } from '../data/load-world.js';
import type { ExperimentContext, ExperimentOutput, ParamValue, RunEvent, Scale, SweepSpec } from './types.js';

export interface ContextOptions {
  params: Record<string, ParamValue>;
  /** names the scenario when an experiment reads a knob it does not declare */
  scenario: string;
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

// names the runtime itself probes on any object (promise resolution, JSON, inspection): never a knob
const PROBED = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', 'nodeType', '$$typeof']);

/**
 * The knobs as an experiment sees them: read-only, and reading a name the scenario does not declare is a UsageError
 * naming the scenario — defaults live only in the YAML, so a knob read without a declaration has no value to take.
 */
export function declaredParams(params: Record<string, ParamValue>, scenario: string): Record<string, ParamValue> {
  return new Proxy(Object.freeze({ ...params }), {
    get(target, key, receiver) {
      if (typeof key !== 'string' || Object.hasOwn(target, key) || key in Object.prototype || PROBED.has(key)) return Reflect.get(target, key, receiver);
      throw new UsageError(`scenario ${scenario}: its experiment reads knob "${key}", which the scenario does not declare (declare it under params:, or include the knob group that does)`);
    },
  });
}

export function createExperimentContext(o: ContextOptions): ExperimentContext {
  const root = new Rng(o.seed);
  let lastYield = performance.now();
  const stageStart = new Map<string, { t0: number; f0: number }>();
  const check = (): void => {
    if (o.signal.aborted) throw new RunCancelledError();
  };
  return {
    params: declaredParams(o.params, o.scenario),
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
