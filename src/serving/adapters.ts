/**
 * Adapters that plug the other engineers' components into the serving interfaces: any AnnIndex
 * (src/retrieval: HNSW or exact) as the candidate source, and a trained GBDT (src/core/gbdt) as the
 * full ranker, with the number of trees used at serving time as a knob.
 */
import { UsageError } from '../core/errors.js';
import { trainGbdt, type GbdtModel } from '../core/gbdt/index.js';
import type { Rng } from '../core/rng.js';
import type { World } from '../data/world-types.js';
import { gbdtScorer, type GbdtScorer } from '../ranking/gbdt-scorer.js';
import { nativeGbdtTrainKernels } from '../ranking/gbdt-train-kernels.js';
import type { AnnIndex } from '../retrieval/index.js';
import type { TwoTowerModel } from '../models/two-tower/types.js';
import type { CandidateSource, FeatureAssembler, Histories, Ranker, UserEncoder } from './types.js';

export class AnnCandidates implements CandidateSource {
  readonly name: string;
  private ef: number | undefined;

  constructor(readonly index: AnnIndex, ef?: number) {
    this.name = `${index.kind} (src/retrieval)`;
    this.ef = ef;
  }

  setEf(ef: number): void {
    this.ef = ef;
  }

  search(query: Float32Array, k: number): { ids: Int32Array; scores: Float32Array } {
    return this.index.search(query, k, { ef: this.ef });
  }
}

/** The GBDT as the full ranker (the native scorer when built, else the compiled trees); `trees` caps how many of its trees are evaluated per request. */
export class GbdtRanker implements Ranker {
  readonly name: string;
  private readonly scorer: GbdtScorer;

  constructor(readonly model: GbdtModel, private readonly trees = model.numTrees) {
    this.scorer = gbdtScorer(model);
    this.name = `gbdt (${Math.min(trees, model.numTrees)} trees, ${this.scorer.engine})`;
  }

  score(features: Float32Array, rows: number): Float64Array {
    return this.scorer.score(features, rows, this.trees);
  }
}

export interface GbdtTrainingOptions {
  users: number;
  candidates: number;
  trees: number;
  numLeaves?: number;
  seed: number;
}

export type ServingParts = { encoder: UserEncoder; candidates: CandidateSource; features: FeatureAssembler; histories: Histories };

/**
 * The serving ranker's training rows: `users` sampled users as queries, their `candidates` retrieved items as
 * documents with the serving features, label 1 when the item is in the user's train history (else 0). Users without
 * history are skipped. O(users × candidates × features).
 */
export function servingRankingData(world: World, parts: ServingParts, options: { users: number; candidates: number }, rng: Rng): { features: Float32Array; numFeatures: number; labels: Float32Array; groups: Int32Array } {
  const F = parts.features.names.length;
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  const groups: number[] = [];
  const today = world.split.trainEndDay;
  const { offsets, items } = parts.histories;
  for (let q = 0; q < options.users; q++) {
    const u = rng.int(world.users.count);
    if (offsets[u + 1] === offsets[u]) continue;
    const grade = new Map<number, number>();
    for (let r = offsets[u]; r < offsets[u + 1]; r++) grade.set(items[r], 1);
    const cand = parts.candidates.search(parts.encoder.encode(u), options.candidates);
    rows.push(parts.features.assemble(u, cand.ids, cand.scores, today));
    for (const i of cand.ids) labels.push(grade.get(i) ?? 0);
    groups.push(cand.ids.length);
  }
  const features = new Float32Array(labels.length * F);
  let o = 0;
  for (const r of rows) {
    features.set(r, o);
    o += r.length;
  }
  return { features, numFeatures: F, labels: Float32Array.from(labels), groups: Int32Array.from(groups) };
}

/**
 * Train a lambdarank GBDT on the serving features. Queries are sampled users; documents their
 * retrieved candidates; the label is the graded engagement in the user's train history (0 if none).
 * Because the features are built from the same history, this ranker is fit for its serving cost
 * (trees × candidates), not as a measure of ranking quality — the ranking scenarios do that properly.
 * O(users × candidates × features) to build, plus the GBDT's own cost.
 */
export function trainServingGbdt(
  world: World,
  parts: ServingParts,
  options: GbdtTrainingOptions,
  rng: Rng,
): GbdtModel {
  if (!Number.isInteger(options.trees) || options.trees < 1) throw new UsageError(`trainServingGbdt: trees must be an integer ≥ 1, got ${options.trees}`);
  const { features, numFeatures: F, labels, groups } = servingRankingData(world, parts, options, rng);
  return trainGbdt(
    { features, numFeatures: F, labels, groups },
    {
      objective: 'lambdarank', numTrees: options.trees, learningRate: 0.1, numLeaves: options.numLeaves ?? 31, minDataInLeaf: 20, maxBin: 63, lambdaL2: 1, seed: options.seed,
      // the compiled training kernels grow the same trees bit for bit (test/ranking/gbdt-train-native.test.ts), faster
      kernels: nativeGbdtTrainKernels() ?? undefined,
    },
  );
}

/**
 * The trained user tower at request time: demographics plus the user's train-split history go through
 * the tower for every cache miss — the real cost the user-embedding cache exists to save.
 */
export class TwoTowerEncoder implements UserEncoder {
  readonly name = 'two-tower user tower (src/models/two-tower)';
  readonly dim: number;

  constructor(
    private readonly model: TwoTowerModel,
    private readonly world: World,
    private readonly histories: Histories,
  ) {
    this.dim = model.dim;
  }

  encode(userId: number): Float32Array {
    const { users } = this.world;
    if (!(userId >= 0 && userId < users.count)) throw new UsageError(`encode: userId must be in [0, ${users.count}), got ${userId}`);
    const { offsets, items } = this.histories;
    return this.model.encodeUser({
      ageBand: users.ageBand[userId],
      country: users.country[userId],
      device: users.device[userId],
      history: items.subarray(offsets[userId], offsets[userId + 1]),
    });
  }
}

/**
 * Two retrieval sources merged by quota: the best k − quota of `primary`, then the most popular items (`popular`, best
 * first) not already among them, up to k in all — the popularity source that covers users the embeddings know little
 * about. A popular item's retrieval score is its inner product with the query, so the ranker's retrieval-score
 * feature keeps one meaning. O(k · dim) on top of the primary's search.
 */
export class PopularityMerge implements CandidateSource {
  readonly name: string;

  constructor(
    private readonly primary: CandidateSource,
    private readonly popular: Int32Array,
    private readonly quota: number,
    private readonly itemVectors: Float32Array,
    private readonly dim: number,
  ) {
    if (!Number.isInteger(quota) || quota < 0) throw new UsageError(`PopularityMerge: quota must be an integer ≥ 0, got ${quota}`);
    this.name = `${primary.name} + up to ${quota} popular`;
  }

  setEf(ef: number): void {
    this.primary.setEf?.(ef);
  }

  search(query: Float32Array, k: number): { ids: Int32Array; scores: Float32Array } {
    const p = Math.min(this.quota, k, this.popular.length);
    const ids: number[] = [];
    const scores: number[] = [];
    if (k - p > 0) {
      const first = this.primary.search(query, k - p);
      for (let r = 0; r < first.ids.length; r++) {
        if (first.ids[r] < 0) continue;
        ids.push(first.ids[r]);
        scores.push(first.scores[r]);
      }
    }
    const taken = new Set(ids);
    const { dim, itemVectors } = this;
    for (let r = 0; r < this.popular.length && ids.length < k; r++) {
      const i = this.popular[r];
      if (taken.has(i)) continue;
      taken.add(i);
      let s = 0;
      for (let d = 0; d < dim; d++) s += query[d] * itemVectors[i * dim + d];
      ids.push(i);
      scores.push(s);
    }
    return { ids: Int32Array.from(ids), scores: Float32Array.from(scores) };
  }
}

/** A trained neural ranker (src/models/nn-ranker) as the full ranker: its logits are the scores. */
export class NnServingRanker implements Ranker {
  readonly name = 'neural ranker (DCN cross layers + MLP, src/models/nn-ranker)';

  constructor(readonly model: { predict(features: Float32Array, numRows: number): Float32Array }) {}

  score(features: Float32Array, rows: number): Float64Array {
    return Float64Array.from(this.model.predict(features, rows));
  }
}
