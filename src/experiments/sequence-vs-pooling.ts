/**
 * sequence-vs-pooling: three user encoders over the last N items — mean pooling (the two-tower's history), recency-
 * weighted pooling, and one self-attention step with positions (SASRec-style) — trained by the same next-item
 * trainer on the intraday world's days before the last, and evaluated on the last day's engagements: recall@k and
 * NDCG@k of the next item over the whole catalog, for users whose session intent just switched and at a session's
 * first engagement (where no history knows the new intent yet); then training time and the cost of encoding a request (interleaved through the measurement protocol).
 * Every encoder sees the same requests, so the gaps are paired.
 */
import { deriveReplicates } from '../core/resample.js';
import { CAUSE, generateIntraday } from '../data/intraday.js';
import { measureInterleaved } from '../measure/index.js';
import { ENCODERS, type EncoderKind } from '../models/sequence/encoders.js';
import { buildExamples, createModel, encodeHistory, itemMatrix, trainSequenceModel, type SequenceExamples, type SequenceModel, type SequenceObjective, type SequenceTrainOptions } from '../models/sequence/train.js';
import { intradayOptions, lastDayRequests, lastDayStart } from './intraday-common.js';
import { num, str } from './param-readers.js';
import { timingQuantile } from './timing-replicates.js';
import type { Experiment, ExperimentContext, Series } from './types.js';
import { UsageError } from '../core/errors.js';

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

function trainOptions(ctx: ExperimentContext): SequenceTrainOptions {
  return {
    dim: num(ctx, 'dim'), maxLength: num(ctx, 'maxLength'), negatives: num(ctx, 'negatives'), epochs: num(ctx, 'epochs'),
    batchSize: num(ctx, 'batchSize'), learningRate: num(ctx, 'learningRate'), tableLearningRate: num(ctx, 'tableLearningRate'), decay: num(ctx, 'decay'),
    objective: str(ctx, 'attentionObjective') as SequenceObjective,
  };
}

/** Ranks already computed for a model, and how many of each history's newest items they read. */
interface KnownRanks {
  served: number;
  rank: Int32Array;
}

/**
 * 0-based rank of each example's target among all items (ties counted against it), by u·e_i + b_i, reading the
 * newest `served` items of each history, counted up to `cap` only: every figure reads a rank through `rank < k`, so
 * the count stops once `cap` (= k) items score above the target (the same figures, most of a miss's scan saved).
 * An example whose history reads the same items under a `known` setting (a history no longer than both) has the
 * same user vector, so its rank is taken from there. O(examples · items · d) at worst.
 */
async function ranks(m: SequenceModel, ex: SequenceExamples, maxLength: number, served: number, cap: number, tick: () => Promise<void>, known: KnownRanks[] = []): Promise<Int32Array> {
  const { vectors, bias } = itemMatrix(m);
  const d = m.dim;
  const items = bias.length;
  const x = new Float32Array((maxLength + 1) * d); // + a [mask] row for the masked objective
  const u = new Float64Array(d);
  const out = new Int32Array(ex.target.length);
  for (let e = 0; e < ex.target.length; e++) {
    if (e % 256 === 0) await tick();
    const length = ex.offsets[e + 1] - ex.offsets[e];
    const read = Math.min(length, served);
    const same = known.find((k) => Math.min(length, k.served) === read);
    if (same) {
      out[e] = same.rank[e];
      continue;
    }
    encodeHistory(m, ex.history.subarray(ex.offsets[e], ex.offsets[e] + read), x, u);
    // the target's score first (the same sum in the same order as every item's below), then one counting pass
    const target = ex.target[e];
    let t = bias[target];
    for (let k = 0; k < d; k++) t += u[k] * vectors[target * d + k];
    let above = 0;
    for (let i = 0; i < items && above < cap; i++) {
      let s = bias[i];
      for (let k = 0; k < d; k++) s += u[k] * vectors[i * d + k];
      if (s >= t && i !== target) above++;
    }
    out[e] = above;
  }
  return out;
}

export const experiment: Experiment = {
  id: 'sequence-vs-pooling',
  description: 'Mean pooling, recency-weighted pooling and self-attention with positions over the last N items: next-item recall, training time, cost',
  handlesSweep: true,
  async run(ctx) {
    const world = await ctx.world();
    const day = await ctx.stage('intraday-world', () => generateIntraday(world, intradayOptions(ctx)));
    const ev = day.events;
    const o = trainOptions(ctx);
    const k = num(ctx, 'k');
    // the newest items read at serving: at most the trained length
    const served = Math.min(num(ctx, 'servedHistory'), num(ctx, 'maxLength'));
    const start = lastDayStart(day);
    const train = buildExamples(ev.user, ev.item, day.users.length, o.maxLength, (r) => ev.second[r] < start);
    const wanted = new Set(lastDayRequests(day, num(ctx, 'requests')));
    const rows: number[] = [];
    const test = buildExamples(ev.user, ev.item, day.users.length, o.maxLength, (r) => {
      if (!wanted.has(r)) return false;
      rows.push(r);
      return true;
    });
    // buildExamples calls isTarget only for events with a history, in order: rows[q] is test example q's event
    const n = test.target.length;
    if (n < 20 || train.target.length < 100) throw new UsageError(`sequence-vs-pooling: ${train.target.length} training and ${n} test examples are too few; raise users or sessionsPerDay`);
    // just after a switch: an intent engagement of a session whose intent is new, once the session has begun (its
    // history holds at least one item of the new intent); a session's first engagement is a cohort of its own
    const switched = Uint8Array.from(rows, (r) => (ev.cause[r] === CAUSE.intent && ev.intentSwitched[r] && !ev.sessionStart[r] ? 1 : 0));
    const starts = Uint8Array.from(rows, (r) => ev.sessionStart[r]);

    const metrics: Record<string, number> = {};
    const replicates: Record<string, Float64Array> = {};
    const report = (name: string, values: Float64Array, cohort?: Uint8Array): void => {
      const v = cohort ? Float64Array.from(values, (x, q) => (cohort[q] ? x : NaN)) : values;
      replicates[name] = ctx.bootstrap.mean('requests', v);
      let s = 0;
      let c = 0;
      for (const x of v) if (x === x) { s += x; c++; }
      metrics[name] = round4(c ? s / c : 0);
    };
    const models = {} as Record<EncoderKind, SequenceModel>;
    const rankOf = {} as Record<EncoderKind, Int32Array>;
    const rowsOut: (string | number)[][] = [];
    for (const kind of ENCODERS) {
      const model = createModel(kind, world.items.count, world.items.category, world.config.numCategories, o, ctx.rng('sequence-model'));
      const t0 = performance.now();
      const losses = await ctx.stage(`train-${kind}`, () => trainSequenceModel(model, train, o, ctx.rng('sequence-training'), () => ctx.tick()));
      metrics[`train_seconds_${kind}`] = round4((performance.now() - t0) / 1000);
      metrics[`final_loss_${kind}`] = round4(losses[losses.length - 1]);
      models[kind] = model;
      const rank = await ctx.stage(`evaluate-${kind}`, () => ranks(model, test, o.maxLength, served, k, () => ctx.tick()));
      rankOf[kind] = rank;
      const hit = Float64Array.from(rank, (r) => (r < k ? 1 : 0));
      const ndcg = Float64Array.from(rank, (r) => (r < k ? 1 / Math.log2(r + 2) : 0));
      report(`recall_${kind}`, hit);
      report(`ndcg_${kind}`, ndcg);
      report(`recall_switch_${kind}`, hit, switched);
      report(`recall_start_${kind}`, hit, starts);
      rowsOut.push([kind, metrics[`recall_${kind}`], metrics[`ndcg_${kind}`], metrics[`recall_switch_${kind}`], metrics[`recall_start_${kind}`], metrics[`train_seconds_${kind}`]]);
    }
    for (const [name, a, b] of [['attention_minus_mean', 'recall_attention', 'recall_mean'], ['recency_minus_mean', 'recall_recency', 'recall_mean'], ['attention_minus_recency', 'recall_attention', 'recall_recency'],
      ['switch_attention_minus_mean', 'recall_switch_attention', 'recall_switch_mean'], ['start_attention_minus_mean', 'recall_start_attention', 'recall_start_mean']] as const) {
      metrics[name] = round4(metrics[a] - metrics[b]);
      replicates[name] = deriveReplicates([replicates[a], replicates[b]], (x, y) => x - y);
    }

    // recall by the history read at serving: the same trained models, each history cut to its newest L items
    const points: Series['points'] = [];
    const lengths = ctx.sweep?.param === 'servedHistory' ? ctx.sweep.values.map(Number).filter((l) => l <= o.maxLength) : [];
    const known = Object.fromEntries(ENCODERS.map((kind) => [kind, [{ served, rank: rankOf[kind] }]])) as Record<EncoderKind, KnownRanks[]>;
    for (const [p, l] of lengths.entries()) {
      ctx.progress('served-history', p / lengths.length, `${l} items`);
      const point: Record<string, number> = { servedHistory: l };
      for (const kind of ENCODERS) {
        const r = l === served ? rankOf[kind] : await ranks(models[kind], test, o.maxLength, l, k, () => ctx.tick(), known[kind]);
        known[kind].push({ served: l, rank: r });
        point[`recall_${kind}`] = round4(r.reduce((a, x) => a + (x < k ? 1 : 0), 0) / n);
      }
      points.push(point);
    }

    // the cost of a request's user vector (the item side is precomputed and shared), interleaved A B C
    const x = new Float32Array((o.maxLength + 1) * o.dim);
    const u = new Float64Array(o.dim);
    const encodeWith = (kind: EncoderKind) => (i: number): void => {
      const q = i % n;
      encodeHistory(models[kind], test.history.subarray(test.offsets[q], test.offsets[q + 1]), x, u);
    };
    const timed = await measureInterleaved(
      { mean: encodeWith('mean'), recency: encodeWith('recency'), attention: encodeWith('attention') },
      { quantile: 0.5, minSamples: num(ctx, 'encodeSamples'), budgetMs: 600, trials: 3, tick: () => ctx.tick(), label: 'encode a request' },
    );
    const latency: Record<string, (typeof timed.mean)['summary']> = {};
    for (const kind of ENCODERS) {
      latency[`encode ${kind}`] = timed[kind].summary;
      metrics[`encode_p50_ms_${kind}`] = timed[kind].summary.p50_ms;
      const reps = timingQuantile(ctx.bootstrap, timed[kind].samples, 0.5, 'encode-calls');
      if (reps) replicates[`encode_p50_ms_${kind}`] = reps;
    }
    Object.assign(metrics, { train_examples: train.target.length, test_requests: n, switch_requests: switched.reduce((a, b) => a + b, 0), session_start_requests: starts.reduce((a, b) => a + b, 0) });
    return {
      metrics,
      replicates,
      latency,
      series: [{ name: 'served-history', x: 'servedHistory', points }],
      tables: [{
        title: 'Next-item quality by user encoder',
        columns: ['encoder', `recall@${k}`, `NDCG@${k}`, 'recall, intent just switched', "recall, a session's first engagement", 'training s'],
        rows: rowsOut,
      }],
      notes: [
        `${train.target.length} training examples (days before the last), ${n} test requests on the last day (${metrics.switch_requests} just after an intent switch, ${metrics.session_start_requests} opening a session); scores over all ${world.items.count} items.`,
      ],
    };
  },
};
