/**
 * Retraining policies for a logistic ranker on a drifting timeline:
 * - never: the model trained on the warm-up logs serves forever;
 * - periodic: a fresh model on the last `windowDays` of logs every `everyDays`;
 * - psi: retrain when the largest feature PSI against the current model's training window passes
 *   `threshold` (the guide's `if psi > 0.2: retrain`), at most once per `minGapDays`;
 * - blend: every `everyDays` a fresh model joins with weight `initialNewWeight` (the guide's 0.7 old /
 *   0.3 new), rising linearly to 1 over `blendDays`. Both are logistic models over the same features,
 *   so blending their logits is the same as blending their weights: the blend is itself one model;
 * - online: one SGD pass over each day's logs, continuing from yesterday's weights.
 *
 * Why a logistic model and not the GBDT: the point here is the policies' timing and cost, and every
 * policy (online updates included) must apply to the same model; SGD updates a logistic model
 * example by example, a GBDT cannot be updated incrementally without growing new trees.
 */
import { UsageError } from '../../core/errors.js';
import { cloneLogistic, createLogistic, fitLogistic, sgdStep, type LogisticModel } from '../../core/logistic/index.js';
import type { Rng } from '../../core/rng.js';
import { DriftMonitor, maxFeaturePsi, type DaySummary } from './monitor.js';
import type { LoggedDay } from './serve-day.js';

export type PolicySpec =
  | { kind: 'never' }
  | { kind: 'periodic'; everyDays: number }
  | { kind: 'psi'; threshold: number; minGapDays: number }
  | { kind: 'blend'; everyDays: number; blendDays: number; initialNewWeight: number }
  | { kind: 'online' };

export interface TrainingOptions {
  windowDays: number;
  epochs: number;
  learningRate: number;
  l2: number;
}

/** Stack the rows of several logged days into one training set. */
export function stackLogs(days: LoggedDay[]): { X: Float32Array; y: Uint8Array; n: number } {
  const n = days.reduce((s, d) => s + d.rows, 0);
  const F = days[0]?.featureDim ?? 0;
  const X = new Float32Array(n * F);
  const y = new Uint8Array(n);
  let o = 0;
  for (const d of days) {
    X.set(d.X.subarray(0, d.rows * F), o * F);
    y.set(d.y.subarray(0, d.rows), o);
    o += d.rows;
  }
  return { X, y, n };
}

/** A fresh model fitted on `days`; returns it and the number of example-updates it cost. */
export function trainFresh(days: LoggedDay[], dim: number, opts: TrainingOptions, rng: Rng): { model: LogisticModel; cost: number } {
  const { X, y, n } = stackLogs(days);
  const model = createLogistic(dim);
  fitLogistic(model, X, y, n, rng, { epochs: opts.epochs, learningRate: opts.learningRate, l2: opts.l2 });
  return { model, cost: n * opts.epochs };
}

/** The logistic model whose logits are (1 − wNew)·old + wNew·fresh: blend the weights and the bias. O(d). */
export function blendModels(old: LogisticModel, fresh: LogisticModel, wNew: number): LogisticModel {
  const out = cloneLogistic(fresh);
  for (let k = 0; k < out.dim; k++) out.weights[k] = (1 - wNew) * old.weights[k] + wNew * fresh.weights[k];
  out.bias = (1 - wNew) * old.bias + wNew * fresh.bias;
  return out;
}

/** One policy's state on the timeline. */
export class PolicyRunner {
  readonly name: string;
  model: LogisticModel;
  retrains = 0;
  /** example-updates spent training (examples × epochs), the cost axis */
  trainExamples = 0;
  trainMs = 0;
  private lastRetrainDay = -Infinity;
  private monitor: DriftMonitor | null = null;
  private old: LogisticModel | null = null;
  private fresh: LogisticModel | null = null;
  private freshDay = 0;

  constructor(readonly spec: PolicySpec, initial: LogisticModel, private readonly opts: TrainingOptions, private readonly rng: Rng, baseline: DaySummary[], private readonly bins = 10) {
    this.name = spec.kind;
    this.model = cloneLogistic(initial);
    if (spec.kind === 'psi') this.monitor = new DriftMonitor(baseline, bins);
    validatePolicy(spec);
  }

  /**
   * End of day `day`: the policy sees today's logs (and the window), the summaries of the recent days
   * (the next baseline when it retrains) and today's monitored summary (per-request signals pooled as
   * the monitor pools them); returns whether it retrained.
   */
  endOfDay(day: number, window: LoggedDay[], today: LoggedDay, summaries: DaySummary[], monitored: DaySummary): boolean {
    const s = this.spec;
    const started = performance.now();
    let retrained = false;
    if (s.kind === 'periodic' && (day + 1) % s.everyDays === 0) {
      this.retrain(window);
      retrained = true;
    } else if (s.kind === 'psi' && this.monitor && day - this.lastRetrainDay >= s.minGapDays) {
      if (maxFeaturePsi(this.monitor.check(monitored)) > s.threshold) {
        this.retrain(window);
        this.monitor = new DriftMonitor(summaries.slice(-this.opts.windowDays), this.bins);
        this.lastRetrainDay = day;
        retrained = true;
      }
    } else if (s.kind === 'blend') {
      retrained = this.blendStep(day, window);
    } else if (s.kind === 'online') {
      const order = this.rng.shuffle(Int32Array.from({ length: today.rows }, (_, i) => i));
      for (const row of order) sgdStep(this.model, today.X, today.y, row, { learningRate: this.opts.learningRate, l2: this.opts.l2 });
      this.trainExamples += today.rows;
    }
    this.trainMs += performance.now() - started;
    return retrained;
  }

  private retrain(window: LoggedDay[]): void {
    const { model, cost } = trainFresh(window, this.model.dim, this.opts, this.rng);
    this.model = model;
    this.retrains++;
    this.trainExamples += cost;
  }

  private blendStep(day: number, window: LoggedDay[]): boolean {
    const s = this.spec as Extract<PolicySpec, { kind: 'blend' }>;
    let retrained = false;
    if ((day + 1) % s.everyDays === 0) {
      this.old = this.model; // the current blend is one logistic model: it becomes "old"
      const { model, cost } = trainFresh(window, this.model.dim, this.opts, this.rng);
      this.fresh = model;
      this.freshDay = day;
      this.retrains++;
      this.trainExamples += cost;
      retrained = true;
    }
    if (this.old && this.fresh) {
      const progress = s.blendDays > 0 ? Math.min(1, (day - this.freshDay) / s.blendDays) : 1;
      const wNew = s.initialNewWeight + (1 - s.initialNewWeight) * progress;
      this.model = blendModels(this.old, this.fresh, wNew);
    }
    return retrained;
  }
}

function validatePolicy(s: PolicySpec): void {
  const int1 = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new UsageError(`retraining policy ${s.kind}: ${name} must be an integer ≥ 1, got ${v}`);
  };
  if (s.kind === 'periodic') int1('everyDays', s.everyDays);
  if (s.kind === 'blend') {
    int1('everyDays', s.everyDays);
    if (!(s.initialNewWeight > 0 && s.initialNewWeight <= 1)) throw new UsageError(`retraining policy blend: initialNewWeight must be in (0, 1], got ${s.initialNewWeight}`);
  }
  if (s.kind === 'psi' && !(s.threshold > 0)) throw new UsageError(`retraining policy psi: threshold must be > 0, got ${s.threshold}`);
}
