/**
 * The serving pipeline's components. Each stage is an interface, so the real models (two-tower
 * encoder, HNSW index, GBDT ranker) plug in where they exist and the fallbacks in fallbacks.ts keep the
 * pipeline and its timings working when they do not.
 */
import type { UserCsr } from '../data/cohorts.js';

/** Each user's train-split engagements, time-ordered: items[offsets[u] .. offsets[u + 1]) (data/cohorts.ts trainInteractionsByUser). */
export type Histories = Pick<UserCsr, 'offsets' | 'items'>;

/** Stage 1: user → query vector (the user tower, or a mean of history item vectors). */
export interface UserEncoder {
  readonly name: string;
  readonly dim: number;
  encode(userId: number): Float32Array;
}

/** Stage 2: query vector → candidate item ids with their retrieval scores (higher is better), best first. */
export interface CandidateSource {
  readonly name: string;
  search(query: Float32Array, k: number): { ids: Int32Array; scores: Float32Array };
  /** HNSW search breadth, when the source has one */
  setEf?(ef: number): void;
}

/**
 * Stage 2 answered from other threads (a sharded index whose shards are workers): the merged candidates and how long
 * the merge of the shards' lists took (charged to the merge stage; the rest of the wait is the candidates stage).
 */
export interface AsyncCandidateSource {
  readonly name: string;
  searchAsync(query: Float32Array, k: number): Promise<{ ids: Int32Array; scores: Float32Array; mergeMs?: number }>;
}

/** Stage 3: (user, candidates) → a row-major feature matrix, candidates × numFeatures. */
export interface FeatureAssembler {
  readonly names: readonly string[];
  assemble(userId: number, ids: Int32Array, retrievalScores: Float32Array, now: number): Float32Array;
}

/** Stage 4: feature rows → a score per row (higher is better). */
export interface Ranker {
  readonly name: string;
  score(features: Float32Array, rows: number, numFeatures: number): Float64Array;
}

export interface Components {
  /** item embeddings (row-major items × dim), used for retrieval and for the re-ranker's similarity */
  itemVectors: Float32Array;
  dim: number;
  encoder: UserEncoder;
  candidates: CandidateSource;
  features: FeatureAssembler;
  /** the full ranker (GBDT when available) */
  ranker: Ranker;
  /**
   * a cascade's second ranker: it re-scores the full ranker's best `head` candidates (same feature rows), which then
   * come first in its order; the rest keep the full ranker's order below them (timed as the rank_head stage)
   */
  headRanker?: { ranker: Ranker; head: number };
}

export type ReRankerKind = 'none' | 'mmr' | 'dpp';

/**
 * The named stages, in request order ('lookup' is the batch-precomputed path's table read; 'merge' the merge of a
 * sharded index's lists; 'rank_head' a cascade's second ranker). A stage the path does not have stays at 0.
 */
export const STAGES = ['lookup', 'encode', 'candidates', 'merge', 'features', 'rank', 'rank_head', 'rerank', 'rules'] as const;
export type StageName = (typeof STAGES)[number];

export interface Recommendation {
  userId: number;
  items: Int32Array;
  /** per-stage wall time in ms (stages skipped by a tier or a cache hit are 0) */
  stages: Record<StageName, number>;
  /** end-to-end wall time of the call in ms */
  totalMs: number;
  /** which path served the request */
  path: 'full' | 'cheap' | 'batch';
  encoderCacheHit: boolean;
}
