/**
 * Assemble a serving stack for an experiment or a benchmark from what exists: the AnnIndex of
 * src/retrieval (HNSW or exact), the GBDT of src/core/gbdt, and the serving fallbacks for what does not
 * exist yet (trained two-tower embeddings: item vectors are the hidden latent plus noise). `notes` says
 * which is which, so a run never passes a fallback off as the real model.
 */
import type { Rng } from '../core/rng.js';
import { trainInteractionsByUser } from '../data/cohorts.js';
import type { World } from '../data/world-types.js';
import type { TrainStats, TwoTowerOptions } from '../models/two-tower/types.js';
import { UsageError } from '../core/errors.js';
import { createAnnIndex, type AnnKind } from '../retrieval/index.js';
import { AnnCandidates, GbdtRanker, TwoTowerEncoder, trainServingGbdt } from './adapters.js';
import {
  BASIC_LINEAR_WEIGHTS,
  BasicFeatures,
  HistoryMeanEncoder,
  LinearRanker,
  latentItemVectors,
} from './fallbacks.js';
import type { Components, Histories, UserEncoder } from './types.js';

export interface BuildOptions {
  ann: AnnKind;
  M?: number;
  efConstruction?: number;
  ef?: number;
  /** 0 = the linear fallback ranker; otherwise a lambdarank GBDT with this many trees */
  trees: number;
  /** leaves per GBDT tree (default 31) */
  leaves?: number;
  /** relative noise on the latent item vectors (the stand-in for trained embeddings) */
  embeddingNoise?: number;
  /** 'latent' (default): hidden latent + noise and a history-mean user vector; 'two-tower': train the real towers */
  embeddings?: 'latent' | 'two-tower';
  /**
   * the trainer's knobs when embeddings is 'two-tower', from the scenario (`include: [two-tower-training]`, read by
   * twoTowerOptions in the experiment): the stack trains exactly what the scenario declares
   */
  twoTower?: TwoTowerOptions;
  /** not read: the two-tower's seed travels in `twoTower` (kept so that callers passing the run's seed compile) */
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (stage: string, fraction: number) => void;
}

export interface BuiltStack {
  components: Components;
  histories: Histories;
  notes: string[];
  buildMs: { vectors: number; index: number; ranker: number };
  /** what trained the two-tower, when one was trained */
  twoTower?: Pick<TrainStats, 'engine' | 'backend'>;
}

export async function buildServingStack(world: World, rng: Rng, options: BuildOptions): Promise<BuiltStack> {
  const notes: string[] = [];
  let t = performance.now();
  const histories = trainInteractionsByUser(world);
  let dim = world.config.latentDim;
  let itemVectors: Float32Array;
  let encoder: UserEncoder;
  let twoTower: Pick<TrainStats, 'engine' | 'backend'> | undefined;
  if ((options.embeddings ?? 'latent') === 'two-tower') {
    // loaded only when asked for, so latent-vector runs never load tfjs
    const { trainTwoTower } = await import('../models/two-tower/train.js');
    if (!options.twoTower) throw new UsageError("buildServingStack: embeddings 'two-tower' needs the trainer's knobs (the scenario includes two-tower-training and the experiment passes twoTowerOptions(ctx))");
    const model = await trainTwoTower(world, {
      ...options.twoTower,
      signal: options.signal,
      onProgress: (p) => options.onProgress?.('two-tower', p.step / p.totalSteps),
    });
    dim = model.dim;
    itemVectors = model.itemEmbeddings();
    encoder = new TwoTowerEncoder(model, world, histories);
    twoTower = { engine: model.stats.engine, backend: model.stats.backend };
    notes.push(`item vectors and user tower: two-tower from src/models/two-tower (dim ${dim}, ${options.twoTower.negatives} negatives, ${model.stats.examples} examples, ${model.stats.backend}); the user tower runs on every user-cache miss`);
  } else {
    itemVectors = latentItemVectors(world, rng.fork('item-vectors'), options.embeddingNoise ?? 0.5);
    encoder = new HistoryMeanEncoder(histories, itemVectors, dim);
    notes.push(`item vectors: hidden latent + ${options.embeddingNoise ?? 0.5}× noise (fallback for trained two-tower embeddings); user vector: mean of the last 50 history items`);
  }
  const vectorsMs = performance.now() - t;
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
  notes.push(`candidates: ${options.ann} AnnIndex from src/retrieval${index.options.kind === 'hnsw' ? ` (M ${index.options.M}, efConstruction ${index.options.efConstruction})` : ''}`);
  const candidates = new AnnCandidates(index, options.ef);
  const features = new BasicFeatures(world, histories);
  t = performance.now();
  let ranker;
  if (options.trees > 0) {
    const model = trainServingGbdt(world, { encoder, candidates, features, histories }, { users: 300, candidates: 100, trees: options.trees, ...(options.leaves !== undefined ? { numLeaves: options.leaves } : {}), seed: 7 }, rng.fork('gbdt'));
    ranker = new GbdtRanker(model);
    notes.push(`ranker: lambdarank GBDT from src/core/gbdt, ${model.numTrees} trees of up to ${options.leaves ?? 31} leaves over ${features.names.length} serving features (trained for its serving cost)`);
  } else {
    ranker = new LinearRanker(BASIC_LINEAR_WEIGHTS);
    notes.push('ranker: linear scorer over the serving features (fallback; trees = 0)');
  }
  const rankerMs = performance.now() - t;
  return { components: { itemVectors, dim, encoder, candidates, features, ranker }, histories, notes, buildMs: { vectors: vectorsMs, index: indexMs, ranker: rankerMs }, twoTower };
}
