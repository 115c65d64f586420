/**
 * Scenario contracts: what a scenario YAML declares, what an experiment receives and returns,
 * the events a run emits, and the `recsys-lab/run@2` result.
 */
import type { Interval } from '../core/intervals.js';
import type { Verdict } from '../core/resample.js';
import type { LatencySummary } from '../core/stats.js';
import type { NoiseReport } from '../measure/noise.js';
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
  /**
   * line charts: true draws every y metric on one shared axis, false one chart per metric. Default: one chart
   * per unit (scenarios/metrics.yaml; dimensionless metrics share one). Bars: several y columns are grouped
   * in one chart unless false.
   */
  overlay?: boolean;
  /** auto (default): log when the x values are log-spaced (10, 20, 50 … 400); or force one */
  xScale?: AxisScale;
  /** auto (default): log when several lines of one unit differ by orders of magnitude; or force one */
  yScale?: AxisScale;
}

export type AxisScale = 'auto' | 'linear' | 'log';

/** How a chart names a metric: "p99 latency, full catalog scored" in ms. */
export interface MetricLabel {
  label: string;
  unit?: string;
}

export type ClaimKind = 'finding' | 'check';
export type { Verdict } from '../core/resample.js';

export interface ClaimSpec {
  text: string;
  /** mathjs expression over the run's metrics (and params), e.g. "recall_at_10 >= 0.95 and p99_ms < 1" */
  expr: string;
  /** finding (default): a measured trade-off that some knob setting makes fail; check: a code invariant or constant */
  kind?: ClaimKind;
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
  /** knob values under which the findings' numbers move: a finding must read a metric that differs there */
  contrast?: Record<string, ParamValue>;
  show: { charts: ChartSpec[] };
  /** chart labels for this scenario's own meaning of a metric, over scenarios/metrics.yaml */
  labels?: Record<string, MetricLabel>;
  claims: ClaimSpec[];
  predictions: PredictionSpec[];
  /** path of the YAML it was loaded from */
  file?: string;
}

export interface ClaimResult {
  text: string;
  expr: string;
  kind: ClaimKind;
  /** holds: true on ≥ 97.5% of replicates; fails: on ≤ 2.5%; inconclusive between (or seed-dependent under --seeds) */
  verdict: Verdict;
  /** verdict === 'holds' (kept for run@1 readers) */
  holds: boolean;
  /** share of replicates on which the expression is true (1 or 0 when every metric it reads is exact) */
  share: number;
  /** how many replicates it was judged on (1 when every metric it reads is exact) */
  replicates: number;
  observed: Record<string, number | string | boolean>;
  /** 95% intervals of the metrics it read, where they have them */
  intervals?: Record<string, Interval>;
  /** with --seeds: the seeds on which it held, of how many, and whether its verdict depended on the seed */
  holdsIn?: number;
  of?: number;
  seedDependent?: boolean;
  /** why a verdict was downgraded to inconclusive (e.g. it depended on time spent waiting for a core) */
  note?: string;
  /** set when the expression could not be evaluated (e.g. a metric missing) */
  error?: string;
}

/** Everything about the machine that a reader needs to trust a timing. */
export interface RunEnvironment {
  node: string;
  tfjsBackend: string;
  cpus: number;
  noise?: NoiseReport;
  [key: string]: string | number | NoiseReport | undefined;
}

/** `--seeds N`: the scenario under N seeds derived from --seed. */
export interface SeedsSummary {
  seeds: number[];
  metrics: Record<string, { mean: number; ci: Interval; values: number[] }>;
  claims: { text: string; holdsIn: number; of: number; verdicts: Verdict[]; seedDependent: boolean }[];
}

export const RUN_SCHEMA = 'recsys-lab/run@2';

/** The most seeds one `--seeds` run takes (here so the TUI can say it without loading the runner). */
export const MAX_SEEDS = 20;

export interface RunResult {
  schema: 'recsys-lab/run@2';
  scenario: string;
  title: string;
  seed: number;
  scale: Scale;
  params: Record<string, ParamValue>;
  environment: RunEnvironment;
  metrics: Record<string, number>;
  /** 95% bootstrap intervals of the metrics that have replicates */
  intervals?: Record<string, Interval>;
  series: Series[];
  latency: Record<string, LatencySummary>;
  claims: ClaimResult[];
  tables?: Table[];
  notes?: string[];
  /** wall time of each named stage of this run (ctx.stage), in ms */
  stages?: Record<string, number>;
  seeds?: SeedsSummary;
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
