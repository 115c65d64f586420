/**
 * The one scenario runner behind the TUI, `recsys-lab run` and the workshop reports:
 * check the claims → resolve params → probe the machine's noise → run the experiment (or its sweep) →
 * intervals from the replicates → judge the claims → a `recsys-lab/run@2` result. With `seeds: N` the
 * whole run repeats under N derived seeds and the verdicts say whether they depend on the seed.
 */
import os from 'node:os';
import { meanInterval } from '../core/intervals.js';
import { RunCancelledError, UsageError } from '../core/errors.js';
import { Bootstrap } from '../core/resample.js';
import { Rng } from '../core/rng.js';
import { loadExperiment } from '../experiments/index.js';
import { withMeasureLimits, type MeasureLimits } from '../measure/limits.js';
import { NoiseMonitor, probeNoise, withNoiseMonitor } from '../measure/noise.js';
import { evaluateClaims, intervalsOf, validateClaims } from './claims.js';
import { createExperimentContext } from './context.js';
import { resolveParams } from './params.js';
import type { ExperimentOutput, ParamValue, RunEvent, RunResult, Scale, Scenario, SeedsSummary, Series, Verdict } from './types.js';
import { MAX_SEEDS, RUN_SCHEMA } from './types.js';

export interface RunOptions {
  params?: Record<string, ParamValue | string>;
  scale?: Scale;
  seed?: number;
  /** run under this many seeds derived from `seed` (default 1) */
  seeds?: number;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** run the scenario's sweep (default true); false runs the single point at the resolved params */
  sweep?: boolean;
  /**
   * caps on every measurement's sampling and warm-up time (the test suite's brief runs: same numbers, shorter
   * timings, timing verdicts possibly inconclusive); users' runs leave it unset
   */
  measure?: MeasureLimits;
}

export const DEFAULT_SEED = 42;
export { MAX_SEEDS };

/** The i-th seed of a `--seeds` run: i = 0 is the seed itself; the others are spread by a prime stride. */
export function deriveSeed(seed: number, i: number): number {
  return i === 0 ? seed : (seed + i * 7919) >>> 0;
}

function mergeOutputs(into: ExperimentOutput, from: ExperimentOutput): void {
  Object.assign(into.metrics, from.metrics);
  if (from.series) (into.series ??= []).push(...from.series);
  if (from.latency) into.latency = { ...into.latency, ...from.latency };
  if (from.tables) (into.tables ??= []).push(...from.tables);
  if (from.notes) (into.notes ??= []).push(...from.notes);
  if (from.replicates) into.replicates = { ...into.replicates, ...from.replicates };
}

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const seeds = options.seeds ?? 1;
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > MAX_SEEDS) throw new UsageError(`seeds must be an integer in [1, ${MAX_SEEDS}], got ${seeds}`);
  if (seeds === 1) return runOnce(scenario, options);
  const base = options.seed ?? DEFAULT_SEED;
  const emit = options.onEvent ?? (() => {});
  const runs: RunResult[] = [];
  for (let i = 0; i < seeds; i++) {
    const seed = deriveSeed(base, i);
    emit({ type: 'log', message: `seed ${i + 1} of ${seeds}: ${seed}` });
    // only the last run announces 'done', with the aggregated result
    const inner = (e: RunEvent): void => {
      if (e.type !== 'done') emit(e);
    };
    runs.push(await runOnce(scenario, { ...options, seed, onEvent: inner }));
  }
  const result = aggregateSeeds(runs);
  emit({ type: 'done', result });
  return result;
}

/** The seed-0 document with per-metric means and intervals over the seeds and each claim's "holds in k of N". */
export function aggregateSeeds(runs: RunResult[]): RunResult {
  const first = runs[0];
  const metrics: SeedsSummary['metrics'] = {};
  for (const name of Object.keys(first.metrics)) {
    const values = runs.map((r) => r.metrics[name]).filter((v) => typeof v === 'number');
    if (values.length === runs.length) metrics[name] = { ...meanInterval(values), values };
  }
  const claims: SeedsSummary['claims'] = first.claims.map((c, i) => {
    const verdicts = runs.map((r) => r.claims[i]?.verdict ?? 'inconclusive');
    const holdsIn = verdicts.filter((v) => v === 'holds').length;
    return { text: c.text, holdsIn, of: runs.length, verdicts, seedDependent: new Set(verdicts).size > 1 };
  });
  const overall = (vs: Verdict[]): Verdict => (vs.every((v) => v === 'holds') ? 'holds' : vs.every((v) => v === 'fails') ? 'fails' : 'inconclusive');
  return {
    ...first,
    claims: first.claims.map((c, i) => {
      const verdict = overall(claims[i].verdicts);
      return { ...c, verdict, holds: verdict === 'holds', holdsIn: claims[i].holdsIn, of: runs.length, seedDependent: claims[i].seedDependent };
    }),
    seeds: { seeds: runs.map((r) => r.seed), metrics, claims },
    durationMs: runs.reduce((s, r) => s + r.durationMs, 0),
  };
}

/** Replicates of another length (per-trial or per-seed figures) are resampled to the run's B. */
function normaliseReplicates(out: ExperimentOutput, bootstrap: Bootstrap): void {
  if (!out.replicates) return;
  for (const [k, v] of Object.entries(out.replicates)) {
    if (!(k in out.metrics) || v.length < 2) delete out.replicates[k];
    else if (v.length !== bootstrap.B) out.replicates[k] = bootstrap.figures(v);
  }
}

async function runOnce(scenario: Scenario, options: RunOptions): Promise<RunResult> {
  const scale = options.scale ?? 'small';
  const seed = options.seed ?? DEFAULT_SEED;
  // knobs first: a mistyped --set is refused without loading the claims' expression parser (mathjs)
  const params = resolveParams(scenario, options.params ?? {}, scale);
  await validateClaims(scenario.claims, scenario.file ?? scenario.id);
  const emit = options.onEvent ?? (() => {});
  const signal = options.signal ?? new AbortController().signal;
  const started = performance.now();
  const environment: RunResult['environment'] = { node: process.version, tfjsBackend: 'none', cpus: os.availableParallelism?.() ?? os.cpus().length };
  const stages: Record<string, number> = {};
  const monitor = new NoiseMonitor(probeNoise(options.measure));
  emit({ type: 'start', scenario: scenario.id, params, scale, seed });
  try {
    const experiment = await loadExperiment(scenario.experiment);
    const sweep = options.sweep === false ? undefined : scenario.sweep;
    const bootstrap = new Bootstrap(new Rng(seed).fork('bootstrap'));
    const ctxFor = (p: Record<string, ParamValue>, withSweep: boolean) =>
      createExperimentContext({ params: p, scenario: scenario.id, scale, seed, sweep: withSweep ? sweep : undefined, signal, emit, environment: environment as Record<string, string | number>, stages, bootstrap });
    const output = await withNoiseMonitor(monitor, () => withMeasureLimits(options.measure, async () => {
      if (!sweep || experiment.handlesSweep) return experiment.run(ctxFor(params, true));
      return runSweep(sweep.param, sweep.values, params, async (p) => {
        const out = await experiment.run(ctxFor(p, false));
        normaliseReplicates(out, bootstrap);
        return out;
      }, emit);
    }));
    // JSON has no NaN/Infinity: a metric that could not be computed (an empty cohort, say) is left out and said so
    const bad = Object.entries(output.metrics).filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v));
    for (const [k] of bad) delete output.metrics[k];
    if (bad.length) (output.notes ??= []).push(`not computable on this run, left out: ${bad.map(([k, v]) => `${k} (${v})`).join(', ')}`);
    normaliseReplicates(output, bootstrap);
    const intervals = intervalsOf(output.replicates);
    const claims = await evaluateClaims(scenario.claims, { metrics: output.metrics, params, replicates: output.replicates, intervals });
    environment.noise = monitor.report();
    const result: RunResult = {
      schema: RUN_SCHEMA,
      scenario: scenario.id,
      title: scenario.title,
      seed,
      scale,
      params,
      environment,
      metrics: output.metrics,
      ...(Object.keys(intervals).length ? { intervals } : {}),
      series: output.series ?? [],
      latency: output.latency ?? {},
      claims,
      ...(output.tables?.length ? { tables: output.tables } : {}),
      ...(output.notes?.length ? { notes: output.notes } : {}),
      stages,
      durationMs: Math.round(performance.now() - started),
    };
    emit({ type: 'done', result });
    return result;
  } catch (err) {
    if (err instanceof RunCancelledError || signal.aborted) {
      emit({ type: 'cancelled' });
      throw err instanceof RunCancelledError ? err : new RunCancelledError();
    }
    emit({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

/**
 * The generic sweep: one run per value. The headline metrics (and their replicates) are those of the run at
 * the resolved value of the swept param (an extra run when that value is not among the sweep's values).
 */
async function runSweep(
  param: string,
  values: ParamValue[],
  params: Record<string, ParamValue>,
  runOne: (p: Record<string, ParamValue>) => Promise<ExperimentOutput>,
  emit: (e: RunEvent) => void,
): Promise<ExperimentOutput> {
  const series: Series = { name: `${param}-sweep`, x: param, points: [], ci: [] };
  let atCurrent: ExperimentOutput | null = null;
  for (const v of values) {
    const out = await runOne({ ...params, [param]: v });
    series.points.push({ [param]: v as number | string, ...out.metrics });
    series.ci!.push(intervalsOf(out.replicates));
    emit({ type: 'partial', output: { series: [series] } });
    if (String(v) === String(params[param])) atCurrent = out;
  }
  atCurrent ??= await runOne(params);
  if (series.ci!.every((c) => Object.keys(c).length === 0)) delete series.ci;
  const merged: ExperimentOutput = { metrics: {}, series: [] };
  mergeOutputs(merged, atCurrent);
  merged.series = [series, ...(atCurrent.series ?? [])];
  return merged;
}
