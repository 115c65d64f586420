/**
 * The simulated timeline: warm-up days logged by a random (exploration) policy train the first model;
 * then every day, the same traffic is served by each retraining policy, quality is measured against
 * the truth, and a monitor computes PSI per feature and on the frozen model's scores.
 */
import { UsageError } from '../../core/errors.js';
import type { LogisticModel } from '../../core/logistic/index.js';
import type { Rng } from '../../core/rng.js';
import { buildDay, candidateSampler, featureDim, scoreBatch, UserSampler, type DayBatch } from './daily-stream.js';
import type { DriftWorld } from './drift-schedule.js';
import { DriftMonitor, summariseDay, type DaySummary } from './monitor.js';
import { PolicyRunner, trainFresh, type PolicySpec, type TrainingOptions } from './retrain-policies.js';
import { randomScores, serveDay, type LoggedDay } from './serve-day.js';

export interface TimelineOptions extends TrainingOptions {
  days: number;
  warmupDays: number;
  requestsPerDay: number;
  candidatesPerRequest: number;
  policies: PolicySpec[];
  psiBins: number;
  /** share of requests served a random slate (logged for training by every policy) */
  explorationShare: number;
  /**
   * days of requests pooled for the per-request categorical signal (country): one day of a few hundred
   * requests over 20 countries has PSI noise ≈ 19·(1/n_base + 1/n_day) ≈ 0.1 — an alert from nothing
   */
  countryWindowDays: number;
  /** awaited once per day: progress and cancellation */
  onDay?: (day: number) => Promise<void>;
}

export interface PolicyDay {
  ndcgAt10: number;
  ctr: number;
  retrained: boolean;
}

export interface TimelineResult {
  days: number[];
  /** PSI per monitored signal per day, against the warm-up window, for the frozen initial model */
  psi: Record<string, number>[];
  policies: { name: string; spec: PolicySpec; days: PolicyDay[]; retrains: number; trainExamples: number; trainMs: number }[];
  /** NDCG@10 of the initial model on the warm-up window's last day (the quality to compare with) */
  warmupNdcg: number;
  /** ms spent building traffic, serving and training (excluding world generation) */
  ms: number;
}

/** Rough bytes of the timeline's live state, for ResourceLimitError before a run that would not fit. */
export function estimateTimelineBytes(dw: DriftWorld, o: Pick<TimelineOptions, 'requestsPerDay' | 'candidatesPerRequest' | 'windowDays' | 'warmupDays' | 'policies'>): number {
  const F = featureDim(dw);
  const rows = o.requestsPerDay * o.candidatesPerRequest;
  const perDay = rows * (F * 4 + 20);
  const logs = o.requestsPerDay * dw.world.config.slateSize * (F * 4 + 1) * Math.max(o.windowDays, o.warmupDays) * o.policies.length;
  const summaries = rows * 12 * Math.max(o.windowDays, o.warmupDays);
  return 2 * perDay + logs + summaries;
}

function checkOptions(o: TimelineOptions): void {
  const int = (name: string, v: number, lo: number) => {
    if (!Number.isInteger(v) || v < lo) throw new UsageError(`timeline: ${name} must be an integer ≥ ${lo}, got ${v}`);
  };
  int('days', o.days, 1);
  int('warmupDays', o.warmupDays, 1);
  int('requestsPerDay', o.requestsPerDay, 10);
  int('candidatesPerRequest', o.candidatesPerRequest, 10);
  int('windowDays', o.windowDays, 1);
  int('epochs', o.epochs, 1);
}

/** Run the timeline. O(days · requests · candidates · (latentDim + featureDim · policies)). */
export async function runTimeline(dw: DriftWorld, o: TimelineOptions, rng: Rng): Promise<TimelineResult> {
  checkOptions(o);
  const started = performance.now();
  const users = new UserSampler(dw);
  let cands = candidateSampler(dw, -o.warmupDays);
  let candsDay = -o.warmupDays;
  const F = featureDim(dw);
  const warmLogs: LoggedDay[] = [];
  const warmSummaries: DaySummary[] = [];
  const warmBatches: DayBatch[] = [];
  let warmupNdcg = 0;
  for (let t = -o.warmupDays; t < 0; t++) {
    const batch = buildDay(dw, t, o.requestsPerDay, o.candidatesPerRequest, users, cands, rng.fork(`day-${t}`));
    warmLogs.push(serveDay(dw, batch, randomScores(batch.trueLogit.length, rng.fork(`explore-${t}`))).log);
    warmSummaries.push(summariseDay(dw, batch));
    warmBatches.push(batch);
  }
  const { model: initial } = trainFresh(warmLogs.slice(-o.windowDays), F, o, rng.fork('initial'));
  const last = warmBatches[warmBatches.length - 1];
  warmupNdcg = serveDay(dw, last, scoreBatch(initial, last)).ndcgAt10;
  const monitor = new DriftMonitor(warmSummaries, o.psiBins);
  monitor.setScoreBaseline(concatScores(initial, warmBatches));
  warmBatches.length = 0;

  const runners = o.policies.map((spec, k) => new PolicyRunner(spec, initial, o, rng.fork(`policy-${k}`), warmSummaries, o.psiBins));
  const logs: LoggedDay[][] = runners.map(() => [...warmLogs]);
  const summaries: DaySummary[] = [...warmSummaries];
  const result: TimelineResult = { days: [], psi: [], policies: runners.map((r) => ({ name: r.name, spec: r.spec, days: [], retrains: 0, trainExamples: 0, trainMs: 0 })), warmupNdcg, ms: 0 };

  for (let t = 0; t < o.days; t++) {
    if (hasLaunchBetween(dw, candsDay, t)) {
      cands = candidateSampler(dw, t);
      candsDay = t;
    }
    const batch = buildDay(dw, t, o.requestsPerDay, o.candidatesPerRequest, users, cands, rng.fork(`day-${t}`), o.explorationShare);
    const summary = summariseDay(dw, batch);
    summaries.push(summary);
    if (summaries.length > o.windowDays + o.warmupDays) summaries.shift();
    result.days.push(t);
    const monitored = withPooledCountry(summaries, o.countryWindowDays);
    result.psi.push(monitor.check(monitored, scoreBatch(initial, batch)));
    runners.forEach((runner, k) => {
      const served = serveDay(dw, batch, scoreBatch(runner.model, batch));
      logs[k].push(served.log);
      if (logs[k].length > o.windowDays) logs[k].shift();
      const retrained = runner.endOfDay(t, logs[k], served.log, summaries, monitored);
      result.policies[k].days.push({ ndcgAt10: served.ndcgAt10, ctr: served.ctr, retrained });
    });
    if (o.onDay) await o.onDay(t);
  }
  runners.forEach((r, k) => Object.assign(result.policies[k], { retrains: r.retrains, trainExamples: r.trainExamples, trainMs: r.trainMs }));
  result.ms = performance.now() - started;
  return result;
}

/** Today's summary with the country counts summed over the last `days` summaries. */
function withPooledCountry(summaries: DaySummary[], days: number): DaySummary {
  const today = summaries[summaries.length - 1];
  const country = new Float64Array(today.country.length);
  for (const d of summaries.slice(-Math.max(1, days))) for (let c = 0; c < country.length; c++) country[c] += d.country[c];
  return { ...today, country };
}

function hasLaunchBetween(dw: DriftWorld, from: number, to: number): boolean {
  const nc = dw.schedule.newCategory;
  return nc.enabled && nc.day > from && nc.day <= to;
}

function concatScores(model: LogisticModel, batches: DayBatch[]): Float64Array {
  const parts = batches.map((b) => scoreBatch(model, b));
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
