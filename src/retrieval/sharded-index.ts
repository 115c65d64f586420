/**
 * Scale-out by simulation: the item index split into N contiguous shards, each an HNSW index in its own worker thread;
 * a query fans out to every shard and the per-shard top-k lists are merged. This is what Vespa content nodes,
 * Elasticsearch/OpenSearch shards, Milvus query nodes and a FAISS IndexShards do across machines; here the "machines"
 * are threads on one host, so once N exceeds the cores the shards also queue for CPU — a real effect of the
 * simulation, reported as such. Its exact twin (sharded-exact.ts) splits and merges the same way: the recall reference.
 */
import type { Worker } from 'node:worker_threads';
import { UsageError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { checkSearch } from './ann-options.js';
import { ANN_DEFAULTS, type AnnMetric, type AnnSearchOptions, type AnnSearchResult, type AsyncAnnIndex } from './ann-types.js';
import { hnswEngine, type HnswEngine, type HnswEngineChoice } from './hnsw-graph.js';
import { sharedCopy, startHnswWorker } from './hnsw-worker.js';
import { mergeTopK, shardBounds } from './shards.js';

export interface ShardedIndexOptions {
  shards: number;
  metric?: AnnMetric;
  M?: number;
  efConstruction?: number;
  /** query-time ef when a search does not give one */
  ef?: number;
  seed?: number;
  /** simulated stragglers: each shard call is delayed by stragglerMs with this probability (default 0) */
  stragglerProbability?: number;
  stragglerMs?: number;
  /**
   * draws the straggler coin per (request, shard); required when stragglerProbability > 0. A search that names its
   * request takes that request's coins from `rng.fork(request)`, so two variants sending the same requests stall on
   * the same ones (common random numbers: their difference is not buried under independent stalls)
   */
  rng?: Rng;
  /** 'auto' (default): our addon's kernel in every shard when it loads, else hnswlib-node */
  engine?: HnswEngineChoice;
}

export interface ShardedSearch extends AnnSearchResult {
  /** each shard's own search time (inside its thread) */
  shardMs: number[];
  /** wall time from fan-out to merged result */
  totalMs: number;
  /** time spent merging the shard lists */
  mergeMs: number;
  /** shards told to straggle on this request */
  stragglers: number;
}

export interface ShardedSearchOptions extends AnnSearchOptions {
  /** the request's number: its straggler coins depend on it alone, not on the searches made before it */
  request?: number;
}

export interface ShardedIndex extends AsyncAnnIndex {
  readonly shards: number;
  /** each shard's build time, in its own thread */
  readonly buildMs: number[];
  /** the engine every shard runs on */
  readonly engine: HnswEngine;
  searchAsync(query: Float32Array, k: number, opts?: ShardedSearchOptions): Promise<ShardedSearch>;
}

interface Reply {
  ids: Int32Array;
  scores: Float32Array;
  searchMs: number;
}

interface Pending {
  resolve(v: Reply): void;
  reject(e: unknown): void;
}

/** One shard's worker: builds, then answers queries by id. */
function startShard(data: Parameters<typeof startHnswWorker>[0]): { worker: Worker; pending: Map<number, Pending>; ready: Promise<number> } {
  const worker = startHnswWorker(data);
  const pending = new Map<number, Pending>();
  const ready = new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (msg: { type?: string; buildMs?: number; id?: number } & Partial<Reply>) => {
      if (msg.type === 'ready') return resolve(msg.buildMs ?? 0);
      if (msg.type === 'progress') return;
      const entry = pending.get(msg.id!);
      pending.delete(msg.id!);
      entry?.resolve({ ids: msg.ids!, scores: msg.scores!, searchMs: msg.searchMs! });
    });
  });
  worker.on('error', (e) => {
    for (const entry of pending.values()) entry.reject(e);
    pending.clear();
  });
  return { worker, pending, ready };
}

/**
 * Start N shard workers over `vectors` (row-major items × dim, shared, not copied per worker) and wait until every
 * shard has built its index; ids are row numbers. Build runs in parallel across shards (bounded by the cores).
 * Defaults from ANN_DEFAULTS; metric ip. Throws UsageError for shards outside [1, items] or a bad straggler setting.
 */
export async function createShardedIndex(vectors: Float32Array, dim: number, options: ShardedIndexOptions): Promise<ShardedIndex> {
  const n = vectors.length / dim;
  const { shards } = options;
  if (!Number.isInteger(shards) || shards < 1 || shards > n) throw new UsageError(`createShardedIndex: shards must be an integer in [1, ${n}], got ${shards}`);
  const p = options.stragglerProbability ?? 0;
  if (!(p >= 0 && p <= 1)) throw new UsageError(`createShardedIndex: stragglerProbability must be in [0, 1], got ${p}`);
  if (p > 0 && !options.rng) throw new UsageError('createShardedIndex: stragglerProbability > 0 needs an rng');
  const metric = options.metric ?? 'ip';
  const defaultEf = checkEf(options.ef ?? ANN_DEFAULTS.ef);
  const engine = hnswEngine(options.engine).engine;
  const shared = sharedCopy(vectors);
  const started = shardBounds(n, shards).map(([start, end], s) =>
    startShard({
      mode: 'serve', vectors: shared, dim, metric, start, end, ids: null, ef: defaultEf, engine,
      M: options.M ?? ANN_DEFAULTS.M,
      efConstruction: options.efConstruction ?? ANN_DEFAULTS.efConstruction,
      // each shard gets its own level seed so the shards' random levels are independent
      seed: (options.seed ?? ANN_DEFAULTS.seed) + s,
    }),
  );
  const buildMs = await Promise.all(started.map((s) => s.ready));
  let nextId = 0;

  async function searchAsync(query: Float32Array, k: number, opts: ShardedSearchOptions = {}): Promise<ShardedSearch> {
    checkSearch('ShardedIndex.searchAsync', query, dim, k);
    const ef = checkEf(opts.ef ?? defaultEf);
    const t0 = performance.now();
    const id = nextId++;
    let stragglers = 0;
    const coins = p > 0 ? (opts.request === undefined ? options.rng! : options.rng!.fork(opts.request)) : undefined;
    const replies = started.map(({ worker, pending }) => {
      const slow = coins !== undefined && coins.bernoulli(p);
      if (slow) stragglers++;
      return new Promise<Reply>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, query, k, ef, delayMs: slow ? (options.stragglerMs ?? 10) : 0 });
      });
    });
    const lists = await Promise.all(replies);
    const m0 = performance.now();
    const merged = mergeTopK(lists, k);
    const t1 = performance.now();
    return { ...merged, shardMs: lists.map((l) => l.searchMs), totalMs: t1 - t0, mergeMs: t1 - m0, stragglers };
  }

  return {
    kind: 'hnsw',
    dim,
    metric,
    size: n,
    shards,
    buildMs,
    engine,
    searchAsync,
    close: async () => {
      await Promise.all(started.map((s) => s.worker.terminate()));
    },
  };
}

function checkEf(ef: number): number {
  if (!Number.isInteger(ef) || ef < 1) throw new UsageError(`ShardedIndex: ef must be an integer ≥ 1, got ${ef}`);
  return ef;
}
