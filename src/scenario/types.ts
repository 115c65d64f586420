/**
 * Scenario contracts: what a scenario YAML declares, what an experiment receives and returns,
 * the events a run emits, and the `recsys-lab/run@1` result.
 */
import type { LatencySummary } from '../core/stats.js';
import type { Scale } from '../data/world-types.js';
import type { ExperimentOutput, ParamValue, Series, SweepSpec, Table } from '../experiments/types.js';

export type { Scale } from '../data/world-types.js';
export type {
  Experiment,
  ExperimentContext,
  ExperimentOutput,
  ParamValue,
  Series,
  SweepSpec,
  Table,
} from '../experiments/types.js';

/** One knob, declared once: drives `--set` validation, the TUI knob and the lesson's table. */
export interface ParamSpec {
  name: string;
  type: 'int' | 'number' | 'enum' | 'boolean';
  default: ParamValue;
  /** optional per-scale defaults (e.g. catalog size), used when the user does not set the knob */
  scaleDefaults?: Partial<Record<Scale, ParamValue>>;
  min?: number;
  max?: number;
  /** for enum: the allowed values */
  choices?: (string | number)[];
  /** TUI step for ←/→ on numbers (default: 1 for int, range/20 for number) */
  step?: number;
  unit?: string;
  description: string;
}

export interface ChartSpec {
  /** line: a series against its x param; bars: one bar per row of a table or latency stage */
  type: 'line' | 'bars';
  title?: string;
  /** line: the series name; bars: 'latency' or a table title */
  from: string;
  x?: string;
  y: string[];
  /** optional reference value drawn on bars (e.g. the 100 ms budget) */
  budget?: number;
  /** line charts: draw every y metric on one shared axis (default: one chart per metric, each with its own scale) */
  overlay?: boolean;
}

export interface ClaimSpec {
  text: string;
  /** mathjs expression over the run's metrics (and params), e.g. "recall_at_10 >= 0.95 and p99_ms < 1" */
  expr: string;
}

export interface PredictionSpec {
  metric: string;
  question: string;
  /** shown after the run, whatever the answer */
  explanation: string;
}

export type Topic = 'system-design' | 'deep-dives' | 'trade-offs' | 'production-ml' | 'common-questions';
export const TOPICS: readonly Topic[] = ['system-design', 'deep-dives', 'trade-offs', 'production-ml', 'common-questions'];

export interface Scenario {
  id: string;
  title: string;
  topic: Topic;
  /** the interview question the scenario answers with measurements */
  question: string;
  /** the section of the interview guide the scenario comes from */
  section: string;
  /** lesson id (lessons/<lesson>.md) */
  lesson: string;
  experiment: string;
  params: ParamSpec[];
  sweep?: SweepSpec;
  /** metrics shown first and offered for predictions */
  headline: string[];
  show: { charts: ChartSpec[] };
  claims: ClaimSpec[];
  predictions: PredictionSpec[];
  /** path of the YAML it was loaded from */
  file?: string;
}

export interface ClaimResult {
  text: string;
  expr: string;
  holds: boolean;
  observed: Record<string, number | string | boolean>;
  /** set when the expression could not be evaluated (e.g. a metric missing) */
  error?: string;
}

export interface RunResult {
  schema: 'recsys-lab/run@1';
  scenario: string;
  title: string;
  seed: number;
  scale: Scale;
  params: Record<string, ParamValue>;
  environment: { node: string; tfjsBackend: string; cpus: number; [key: string]: string | number };
  metrics: Record<string, number>;
  series: Series[];
  latency: Record<string, LatencySummary>;
  claims: ClaimResult[];
  tables?: Table[];
  notes?: string[];
  /** wall time of each named stage of this run (ctx.stage), in ms */
  stages?: Record<string, number>;
  durationMs: number;
}

export type RunEvent =
  | { type: 'start'; scenario: string; params: Record<string, ParamValue>; scale: Scale; seed: number }
  | { type: 'stage-start'; stage: string }
  | { type: 'stage-end'; stage: string; ms: number }
  | { type: 'progress'; stage: string; fraction: number; detail?: string; etaMs?: number }
  | { type: 'partial'; output: Partial<ExperimentOutput> }
  | { type: 'log'; message: string }
  | { type: 'done'; result: RunResult }
  | { type: 'cancelled' }
  | { type: 'error'; message: string };
