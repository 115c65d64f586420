/**
 * What an experiment receives and returns. The scenario runner (one layer up) builds the context;
 * experiments never import the scenario layer.
 */
import type { Interval } from '../core/intervals.js';
import type { Bootstrap } from '../core/resample.js';
import type { LatencySummary } from '../core/stats.js';
import type { Rng } from '../core/rng.js';
import type { Scale, World, WorldOptions } from '../data/world-types.js';

export type ParamValue = number | string | boolean;

export interface SweepSpec {
  param: string;
  values: ParamValue[];
}

export interface Series {
  name: string;
  /** the param (or quantity) on the x axis */
  x: string;
  points: Record<string, number | string>[];
  /** 95% intervals per point (aligned with `points`) for the metrics that have them */
  ci?: Record<string, Interval>[];
}

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface ExperimentOutput {
  /** snake_case with the cut-off spelled out: recall_at_10, ndcg_at_10, p99_ms … */
  metrics: Record<string, number>;
  series?: Series[];
  latency?: Record<string, LatencySummary>;
  tables?: Table[];
  /** short measured observations worth showing under the tables */
  notes?: string[];
  /**
   * Bootstrap replicates of metrics (index-aligned across metrics: replicate b of each comes from the same
   * resample — see ctx.bootstrap). Claims are judged on them; a metric without replicates is exact.
   */
  replicates?: Record<string, ArrayLike<number>>;
}

export interface ExperimentContext {
  params: Record<string, ParamValue>;
  scale: Scale;
  seed: number;
  /** present when the scenario declares a sweep and the experiment handles sweeps itself */
  sweep?: SweepSpec;
  signal: AbortSignal;
  /** a child RNG for a named purpose, derived from the run's seed */
  rng(label: string): Rng;
  /** paired bootstrap replicates for the metrics this run reports (see ExperimentOutput.replicates) */
  bootstrap: Bootstrap;
  /** the seeded world for this run's scale and seed (cached on disk and in memory) */
  world(options?: Pick<WorldOptions, 'overrides'>): Promise<World>;
  /** time a named stage; the runner emits stage-start / stage-end events */
  stage<T>(name: string, fn: () => Promise<T> | T): Promise<T>;
  /** fraction in [0, 1] of the named stage */
  progress(stage: string, fraction: number, detail?: string): void;
  /** publish a partial result (e.g. one sweep point) while the run goes on */
  partial(update: Partial<ExperimentOutput>): void;
  log(message: string): void;
  /** record an environment fact (e.g. tfjsBackend) for the run result */
  setEnvironment(key: string, value: string | number): void;
  /**
   * Yield to the event loop if ~30 ms have passed since the last yield (so the TUI stays responsive)
   * and throw a RunCancelledError if the run was cancelled. Call it inside long loops.
   */
  tick(): Promise<void>;
}

export interface Experiment {
  id: string;
  /** one line: what the experiment measures */
  description: string;
  /** true when run() handles ctx.sweep itself (e.g. reusing one index across ef values) */
  handlesSweep?: boolean;
  run(ctx: ExperimentContext): Promise<ExperimentOutput>;
}

