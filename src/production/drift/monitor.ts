/**
 * The daily drift monitor: PSI of each monitored feature (numeric: quantile bins of the baseline;
 * categorical: category shares) and of the model's score distribution, against a baseline window,
 * with the guide's two thresholds as knobs.
 */
import { binCounts, psiFromCounts, quantileEdges } from '../../core/drift/index.js';
import { UsageError } from '../../core/errors.js';
import type { DriftWorld } from './drift-schedule.js';
import { FEATURE, NUMERIC_FEATURES, type DayBatch } from './daily-stream.js';

export interface DaySummary {
  /** one column per NUMERIC_FEATURES entry, over all candidate rows (Float64 like every other
   * PSI input: binCounts sees one array type and stays monomorphic, ~3× faster here) */
  numeric: Float64Array[];
  /** candidate rows per top category */
  category: Float64Array;
  /** requests per country */
  country: Float64Array;
}

export const MONITORED_SIGNALS = [...NUMERIC_FEATURES, 'top_category', 'country'] as const;

export function summariseDay(dw: DriftWorld, batch: DayBatch): DaySummary {
  const n = batch.requests * batch.candidates;
  const F = batch.featureDim;
  const cols = [FEATURE.retrievalScore, FEATURE.logPopularity, FEATURE.logPrice];
  const numeric = cols.map((col) => {
    const out = new Float64Array(n);
    for (let row = 0; row < n; row++) out[row] = batch.X[row * F + col];
    return out;
  });
  const category = new Float64Array(dw.numTop);
  for (let row = 0; row < n; row++) category[dw.itemTop[batch.items[row]]]++;
  const country = new Float64Array(dw.world.config.numCountries);
  for (let r = 0; r < batch.requests; r++) country[dw.world.users.country[batch.users[r]]]++;
  return { numeric, category, country };
}

function concat(parts: ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p as ArrayLike<number>, o);
    o += p.length;
  }
  return out;
}

/** A baseline frozen at construction; `check` returns today's PSI per signal (and for scores). */
export class DriftMonitor {
  private readonly edges: Float64Array[];
  private readonly baseCounts: Float64Array[];
  private readonly baseCategory: Float64Array;
  private readonly baseCountry: Float64Array;
  private scoreEdges: Float64Array | null = null;
  private scoreCounts: Float64Array | null = null;

  constructor(baseline: DaySummary[], private readonly bins = 10, private readonly epsilon = 1e-4) {
    if (baseline.length === 0) throw new UsageError('DriftMonitor: the baseline needs at least one day');
    this.edges = [];
    this.baseCounts = [];
    for (let f = 0; f < NUMERIC_FEATURES.length; f++) {
      const all = concat(baseline.map((d) => d.numeric[f]));
      const e = quantileEdges(all, bins);
      this.edges.push(e);
      this.baseCounts.push(binCounts(all, e));
    }
    this.baseCategory = new Float64Array(baseline[0].category.length);
    this.baseCountry = new Float64Array(baseline[0].country.length);
    for (const d of baseline) {
      for (let c = 0; c < d.category.length; c++) this.baseCategory[c] += d.category[c];
      for (let c = 0; c < d.country.length; c++) this.baseCountry[c] += d.country[c];
    }
  }

  /** Sets the baseline of the model-score distribution (scores of the baseline window). */
  setScoreBaseline(scores: ArrayLike<number>): void {
    this.scoreEdges = quantileEdges(scores, this.bins);
    this.scoreCounts = binCounts(scores, this.scoreEdges);
  }

  /** PSI per monitored signal for one day; `score` too when scores are given and a baseline is set. */
  check(day: DaySummary, scores?: ArrayLike<number>): Record<string, number> {
    const opts = { epsilon: this.epsilon };
    const out: Record<string, number> = {};
    NUMERIC_FEATURES.forEach((name, f) => {
      out[name] = psiFromCounts(this.baseCounts[f], binCounts(day.numeric[f], this.edges[f]), opts);
    });
    out.top_category = psiFromCounts(this.baseCategory, day.category, opts);
    out.country = psiFromCounts(this.baseCountry, day.country, opts);
    if (scores && this.scoreEdges && this.scoreCounts) {
      out.score = psiFromCounts(this.scoreCounts, binCounts(scores, this.scoreEdges), opts);
    }
    return out;
  }
}

/** The largest feature PSI of a check (the score excluded): what a "retrain when PSI > t" rule reads. */
export function maxFeaturePsi(check: Record<string, number>): number {
  let m = 0;
  for (const s of MONITORED_SIGNALS) m = Math.max(m, check[s] ?? 0);
  return m;
}
