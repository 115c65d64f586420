/**
 * Scale-out by simulation: the item index split into N contiguous shards, each an HNSW index in its
 * own worker thread; a query fans out to every shard and the per-shard top-k lists are merged.
 * This is what Vespa content nodes, Elasticsearch/OpenSearch shards, Milvus query nodes and a FAISS
 * IndexShards do across machines; here the "machines" are threads on one host, so once N exceeds the
 * cores the shards also queue for CPU — a real effect of the simulation, reported as such.
 */
import { Worker } from 'node:worker_threads';
import { UsageError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { hnswlibPath } from '../retrieval/hnswlib-binding.js';
import { SHARD_WORKER_SOURCE } from './shard-worker-source.js';

export interface ShardedIndexOptions {
  shards: number;
  M?: number;
  efConstruction?: number;
  ef?: number;
  seed?: number;
  /** simulated stragglers: each shard call is delayed by stragglerMs with this probability (default 0) */
  stragglerProbability?: number;
  stragglerMs?: number;
  /** draws the straggler coin per (request, shard); required when stragglerProbability > 0 */
  rng?: Rng;
}

export interface ShardedSearch {
  ids: Int32Array;
  scores: Float32Array;
  /** each shard's own search time (inside its thread) */
  shardMs: number[];
  /** wall time from fan-out to merged result */
  totalMs: number;
  /** time spent merging the shard lists */
  mergeMs: number;
  /** shards told to straggle on this request */
  stragglers: number;
}

export interface ShardedIndex {
  readonly shards: number;
  readonly buildMs: number[];
  search(query: Float32Array, k: number): Promise<ShardedSearch>;
  setEf(ef: number): void;
  close(): Promise<void>;
}

interface Pending {
  resolve(v: { ids: Int32Array; scores: Float32Array; searchMs: number }): void;
  reject(e: unknown): void;
}


/** Merge per-shard lists (each best first) into the global top-k by score; ties to the lower id. O(total · log k). */
export function mergeTopK(lists: { ids: Int32Array; scores: Float32Array }[], k: number): { ids: Int32Array; scores: Float32Array } {
  const all: { id: number; s: number }[] = [];
  for (const l of lists) for (let r = 0; r < l.ids.length; r++) all.push({ id: l.ids[r], s: l.scores[r] });
  all.sort((a, b) => b.s - a.s || a.id - b.id);
  const top = all.slice(0, k);
  return { ids: Int32Array.from(top, (x) => x.id), scores: Float32Array.from(top, (x) => x.s) };
}

/**
 * Start N shard workers over `vectors` (row-major items × dim, shared, not copied per worker) and wait
 * until every shard has built its index. Build runs in parallel across shards (bounded by the cores).
 * Throws UsageError for shards < 1 or more shards than items.
 */
export async function createShardedIndex(vectors: Float32Array, dim: number, options: ShardedIndexOptions): Promise<ShardedIndex> {
  const n = vectors.length / dim;
  const { shards } = options;
  if (!Number.isInteger(shards) || shards < 1 || shards > n) throw new UsageError(`createShardedIndex: shards must be an integer in [1, ${n}], got ${shards}`);
  const p = options.stragglerProbability ?? 0;
  if (!(p >= 0 && p <= 1)) throw new UsageError(`createShardedIndex: stragglerProbability must be in [0, 1], got ${p}`);
  if (p > 0 && !options.rng) throw new UsageError('createShardedIndex: stragglerProbability > 0 needs an rng');
  const sab = new SharedArrayBuffer(vectors.byteLength);
  new Float32Array(sab).set(vectors);
  const workers: Worker[] = [];
  const pending: Map<number, Pending>[] = [];
  const ready: Promise<number>[] = [];
  for (let s = 0; s < shards; s++) {
    const start = Math.floor((s * n) / shards);
    const end = Math.floor(((s + 1) * n) / shards);
    const w = new Worker(SHARD_WORKER_SOURCE, {
      eval: true,
      workerData: { addon: hnswlibPath(), vectors: sab, dim, start, end, M: options.M ?? 16, efConstruction: options.efConstruction ?? 100, ef: options.ef ?? 100, seed: (options.seed ?? 100) + s },
    });
    const map = new Map<number, Pending>();
    ready.push(
      new Promise<number>((resolve, reject) => {
        w.once('error', reject);
        w.on('message', (msg: { type?: string; buildMs?: number; id?: number; ids?: Int32Array; scores?: Float32Array; searchMs?: number }) => {
          if (msg.type === 'ready') return resolve(msg.buildMs ?? 0);
          const entry = map.get(msg.id!);
          map.delete(msg.id!);
          entry?.resolve({ ids: msg.ids!, scores: msg.scores!, searchMs: msg.searchMs! });
        });
      }),
    );
    w.on('error', (e) => {
      for (const entry of map.values()) entry.reject(e);
      map.clear();
    });
    workers.push(w);
    pending.push(map);
  }
  const buildMs = await Promise.all(ready);
  let nextId = 0;

  async function search(query: Float32Array, k: number): Promise<ShardedSearch> {
    const t0 = performance.now();
    const id = nextId++;
    let stragglers = 0;
    const replies = workers.map((w, s) => {
      const slow = p > 0 && options.rng!.bernoulli(p);
      if (slow) stragglers++;
      return new Promise<{ ids: Int32Array; scores: Float32Array; searchMs: number }>((resolve, reject) => {
        pending[s].set(id, { resolve, reject });
        w.postMessage({ id, query, k, delayMs: slow ? options.stragglerMs ?? 10 : 0 });
      });
    });
    const lists = await Promise.all(replies);
    const m0 = performance.now();
    const merged = mergeTopK(lists, k);
    const t1 = performance.now();
    return { ...merged, shardMs: lists.map((l) => l.searchMs), totalMs: t1 - t0, mergeMs: t1 - m0, stragglers };
  }

  return {
    shards,
    buildMs,
    search,
    setEf: (ef: number) => {
      if (!Number.isInteger(ef) || ef < 1) throw new UsageError(`ShardedIndex: ef must be an integer ≥ 1, got ${ef}`);
      for (const w of workers) w.postMessage({ type: 'ef', ef });
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
