/**
 * The one scenario runner behind the TUI, `recsys-lab run` and the workshop reports:
 * resolve params → run the experiment (or its sweep) → evaluate claims → a `recsys-lab/run@1` result.
 */
import os from 'node:os';
import { RunCancelledError } from '../core/errors.js';
import { loadExperiment } from '../experiments/index.js';
import { evaluateClaims } from './claims.js';
import { createExperimentContext } from './context.js';
import { resolveParams } from './params.js';
import type { ExperimentOutput, ParamValue, RunEvent, RunResult, Scale, Scenario, Series } from './types.js';

export interface RunOptions {
  params?: Record<string, ParamValue | string>;
  scale?: Scale;
  seed?: number;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** run the scenario's sweep (default true); false runs the single point at the resolved params */
  sweep?: boolean;
}

export const DEFAULT_SEED = 42;

function mergeOutputs(into: ExperimentOutput, from: ExperimentOutput): void {
  Object.assign(into.metrics, from.metrics);
  if (from.series) (into.series ??= []).push(...from.series);
  if (from.latency) into.latency = { ...into.latency, ...from.latency };
  if (from.tables) (into.tables ??= []).push(...from.tables);
  if (from.notes) (into.notes ??= []).push(...from.notes);
}

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const scale = options.scale ?? 'small';
  const seed = options.seed ?? DEFAULT_SEED;
  const params = resolveParams(scenario, options.params ?? {}, scale);
  const emit = options.onEvent ?? (() => {});
  const signal = options.signal ?? new AbortController().signal;
  const started = performance.now();
  const environment: Record<string, string | number> = { node: process.version, tfjsBackend: 'none', cpus: os.cpus().length };
  const stages: Record<string, number> = {};
  emit({ type: 'start', scenario: scenario.id, params, scale, seed });
  try {
    const experiment = await loadExperiment(scenario.experiment);
    const sweep = options.sweep === false ? undefined : scenario.sweep;
    const ctxFor = (p: Record<string, ParamValue>, withSweep: boolean) =>
      createExperimentContext({ params: p, scale, seed, sweep: withSweep ? sweep : undefined, signal, emit, environment, stages });
    let output: ExperimentOutput;
    if (!sweep || experiment.handlesSweep) {
      output = await experiment.run(ctxFor(params, true));
    } else {
      output = await runSweep(sweep.param, sweep.values, params, (p) => experiment.run(ctxFor(p, false)), emit);
    }
    // JSON has no NaN/Infinity: a metric that could not be computed (an empty cohort, say) is left out and said so
    const bad = Object.entries(output.metrics).filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v));
    for (const [k] of bad) delete output.metrics[k];
    if (bad.length) (output.notes ??= []).push(`not computable on this run, left out: ${bad.map(([k, v]) => `${k} (${v})`).join(', ')}`);
    const claims = await evaluateClaims(scenario.claims, output.metrics, params);
    const result: RunResult = {
      schema: 'recsys-lab/run@1',
      scenario: scenario.id,
      title: scenario.title,
      seed,
      scale,
      params,
      environment: environment as RunResult['environment'],
      metrics: output.metrics,
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
 * The generic sweep: one run per value. The headline metrics are those of the run at the resolved
 * value of the swept param (an extra run when that value is not among the sweep's values).
 */
async function runSweep(
  param: string,
  values: ParamValue[],
  params: Record<string, ParamValue>,
  runOne: (p: Record<string, ParamValue>) => Promise<ExperimentOutput>,
  emit: (e: RunEvent) => void,
): Promise<ExperimentOutput> {
  const series: Series = { name: `${param}-sweep`, x: param, points: [] };
  let atCurrent: ExperimentOutput | null = null;
  for (const v of values) {
    const out = await runOne({ ...params, [param]: v });
    series.points.push({ [param]: v as number | string, ...out.metrics });
    emit({ type: 'partial', output: { series: [series] } });
    if (String(v) === String(params[param])) atCurrent = out;
  }
  atCurrent ??= await runOne(params);
  const merged: ExperimentOutput = { metrics: {}, series: [] };
  mergeOutputs(merged, atCurrent);
  merged.series = [series, ...(atCurrent.series ?? [])];
  return merged;
}
