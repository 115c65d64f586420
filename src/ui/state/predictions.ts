/**
 * Predict, then observe: which headline metrics to ask about, and how a prediction is scored against
 * the measured change from the previous run. The UI compares two measured numbers; it computes no metric.
 */
import type { RunResult, Scenario } from '../../scenario/types.js';
import type { Direction } from './types.js';

/**
 * How big a relative change must be to count as a move rather than "about the same".
 * Timings (…_ms, qps, throughput) jitter by several percent between identical runs on a laptop, so they
 * need 10 %; every other metric is seeded and identical between identical runs, so 1 % only keeps
 * rounding-level changes from being called a move.
 */
export const TIMING_TOLERANCE = 0.1;
export const METRIC_TOLERANCE = 0.01;

export function toleranceFor(metric: string): number {
  return /(_ms|_s|_seconds|qps|throughput|latency)$/.test(metric) ? TIMING_TOLERANCE : METRIC_TOLERANCE;
}

export interface PredictionQuestion {
  metric: string;
  question: string;
  explanation?: string;
}

/** One question per headline metric; the scenario's own wording when it has one. */
export function predictionQuestions(scenario: Scenario): PredictionQuestion[] {
  return scenario.headline.map((metric) => {
    const spec = scenario.predictions.find((p) => p.metric === metric);
    return spec
      ? { metric, question: spec.question, explanation: spec.explanation }
      : { metric, question: `With the knobs you set, does ${metric} go up, down or stay about the same?` };
  });
}

export function observedDirection(before: number, after: number, tolerance = METRIC_TOLERANCE): Direction {
  const scale = Math.max(Math.abs(before), Number.EPSILON);
  const change = (after - before) / scale;
  if (Math.abs(change) <= tolerance) return 'same';
  return change > 0 ? 'up' : 'down';
}

export interface ScoredPrediction extends PredictionQuestion {
  predicted?: Direction;
  observed?: Direction;
  before?: number;
  after?: number;
  correct?: boolean;
}

/** Score each question against baseline → result; metrics missing from either run score nothing. */
export function scorePredictions(
  scenario: Scenario,
  predicted: Record<string, Direction>,
  baseline: RunResult | undefined,
  result: RunResult,
): ScoredPrediction[] {
  return predictionQuestions(scenario).map((q) => {
    const before = baseline?.metrics[q.metric];
    const after = result.metrics[q.metric];
    if (before === undefined || after === undefined) return { ...q, predicted: predicted[q.metric], after };
    const observed = observedDirection(before, after, toleranceFor(q.metric));
    const guess = predicted[q.metric];
    return { ...q, predicted: guess, observed, before, after, correct: guess === undefined ? undefined : guess === observed };
  });
}

export const arrowFor: Record<Direction, string> = { up: '↑', down: '↓', same: '=' };
