/**
 * Assemble a serving stack for an experiment or a benchmark from what exists: the AnnIndex of
 * src/retrieval (HNSW or exact), the GBDT of src/core/gbdt, and the serving fallbacks for what does not
 * exist yet (trained two-tower embeddings: item vectors are the hidden latent plus noise). `notes` says
 * which is which, so a run never passes a fallback off as the real model.
 */
import type { Rng } from '../core/rng.js';
import type { World } from '../data/world-types.js';
import { createAnnIndex, type AnnKind } from '../retrieval/index.js';
import { AnnCandidates, GbdtRanker, trainServingGbdt } from './adapters.js';
import {
  BASIC_LINEAR_WEIGHTS,
  BasicFeatures,
  HistoryMeanEncoder,
  LinearRanker,
  latentItemVectors,
  userHistories,
  type Histories,
} from './fallbacks.js';
import type { Components } from './types.js';

export interface BuildOptions {
  ann: AnnKind;
  M?: number;
  efConstruction?: number;
  ef?: number;
  /** 0 = the linear fallback ranker; otherwise a lambdarank GBDT with this many trees */
  trees: number;
  /** relative noise on the latent item vectors (the stand-in for trained embeddings) */
  embeddingNoise?: number;
  onProgress?: (stage: string, fraction: number) => void;
}

export interface BuiltStack {
  components: Components;
  histories: Histories;
  notes: string[];
  buildMs: { vectors: number; index: number; ranker: number };
}

export function buildServingStack(world: World, rng: Rng, options: BuildOptions): BuiltStack {
  const notes: string[] = [];
  let t = performance.now();
  const dim = world.config.latentDim;
  const itemVectors = latentItemVectors(world, rng.fork('item-vectors'), options.embeddingNoise ?? 0.5);
  const histories = userHistories(world);
  const vectorsMs = performance.now() - t;
  notes.push(`item vectors: hidden latent + ${options.embeddingNoise ?? 0.5}× noise (fallback for trained two-tower embeddings); user vector: mean of the last 50 history items`);
  t = performance.now();
  const index = createAnnIndex({
    kind: options.ann,
    dim,
    metric: 'ip',
    maxElements: world.items.count,
    ...(options.M !== undefined ? { M: options.M } : {}),
    ...(options.efConstruction !== undefined ? { efConstruction: options.efConstruction } : {}),
  });
  index.addBatch(itemVectors, undefined, (f) => options.onProgress?.('index', f));
  const indexMs = performance.now() - t;
  notes.push(`candidates: ${options.ann} AnnIndex from src/retrieval${options.ann === 'hnsw' ? ` (M ${index.options.M}, efConstruction ${index.options.efConstruction})` : ''}`);
  const candidates = new AnnCandidates(index, options.ef);
  const encoder = new HistoryMeanEncoder(histories, itemVectors, dim);
  const features = new BasicFeatures(world, histories);
  t = performance.now();
  let ranker;
  if (options.trees > 0) {
    const model = trainServingGbdt(world, { encoder, candidates, features, histories }, { users: 300, candidates: 100, trees: options.trees, seed: 7 }, rng.fork('gbdt'));
    ranker = new GbdtRanker(model);
    notes.push(`ranker: lambdarank GBDT from src/core/gbdt, ${model.numTrees} trees over ${features.names.length} serving features (trained for its serving cost)`);
  } else {
    ranker = new LinearRanker(BASIC_LINEAR_WEIGHTS);
    notes.push('ranker: linear scorer over the serving features (fallback; trees = 0)');
  }
  const rankerMs = performance.now() - t;
  return { components: { itemVectors, dim, encoder, candidates, features, ranker }, histories, notes, buildMs: { vectors: vectorsMs, index: indexMs, ranker: rankerMs } };
}
