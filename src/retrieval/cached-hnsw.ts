/**
 * HNSW indexes cached on disk with the shared artefact cache (src/data/cache.ts): the full-scale build
 * (1M × 64, M = 16, efC = 200) takes minutes, so it is built once per (vectors, parameters) and loaded
 * afterwards in seconds. The shard files' bytes are stored as Uint8Array artefacts; the cache key covers the
 * index options, the shard count, the caller's description of the vectors, and a fingerprint of the vectors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { getOrBuild, type CacheEvent, type GetOrBuildOptions } from '../data/cache.js';
import type { Json } from '../data/cache-files.js';
import { resolveAnnOptions } from './ann-options.js';
import type { AnnProgress, HnswIndexOptions, ResolvedAnnOptions } from './ann-types.js';
import { HnswIndex, readShard } from './hnsw.js';
import { buildHnswParallel } from './hnsw-parallel-build.js';

/** Bump when the build or the stored layout changes. */
const VERSION = 1;

/** What any cached index build is asked for, beside its kind's options. */
export interface CachedIndexRequest {
  vectors: Float32Array;
  /** what the vectors are (e.g. { world: 'full', seed: 42, projection: 64 }); part of the key */
  source: Json;
  onProgress?: AnnProgress;
  onEvent?: (e: CacheEvent) => void;
  /** called between chunks of a build on this thread (yield to the event loop, check cancellation) */
  onTick?: () => Promise<void>;
  signal?: AbortSignal;
  root?: string;
  force?: boolean;
}

export interface CachedHnswRequest extends CachedIndexRequest {
  options: Omit<HnswIndexOptions, 'kind'>;
  /** 1 = build on this thread (with onTick between chunks); ≥ 2 = parallel shards in worker threads */
  shards: number;
}

export interface CachedHnswResult {
  index: HnswIndex;
  source: 'disk' | 'built';
  /** seconds spent building (0 when loaded from disk) */
  buildSeconds: number;
  loadSeconds: number;
  /** the cache folder of this index */
  dir: string;
}

/** sha256 over every 64th float: cheap (4 MB read for 1M × 64) yet changes when the vectors do. */
export function vectorFingerprint(v: Float32Array): string {
  const h = createHash('sha256');
  const stride = 64;
  const sample = new Float32Array(Math.ceil(v.length / stride));
  for (let i = 0, j = 0; i < v.length; i += stride, j++) sample[j] = v[i];
  h.update(new Uint8Array(sample.buffer));
  h.update(String(v.length));
  return h.digest('hex').slice(0, 16);
}

/**
 * The index for these vectors and options, from the cache when a valid copy is there, else built and cached.
 * Every file is checksummed before its bytes reach hnswlib (a flipped byte in the links can crash the native
 * loader), and a copy the loader still refuses is rebuilt: both with a 'corrupt' event, as the world cache does.
 */
export async function getOrBuildHnsw(req: CachedHnswRequest): Promise<CachedHnswResult> {
  const opts = resolveAnnOptions({ ...req.options, kind: 'hnsw' });
  let buildSeconds = 0;
  const t0 = performance.now();
  const spec: GetOrBuildOptions<Record<string, Uint8Array | Json>> = {
    kind: 'hnsw',
    label: `${opts.dim}d-M${opts.M}-efc${opts.efConstruction}-s${req.shards}`,
    params: { options: opts as unknown as Json, shards: req.shards, source: req.source, fingerprint: vectorFingerprint(req.vectors) },
    seed: opts.seed,
    version: VERSION,
    root: req.root,
    force: req.force,
    signal: req.signal,
    onEvent: req.onEvent,
    verify: 'checksum',
    build: async () => {
      const tb = performance.now();
      const index = await buildIndex(req, opts);
      buildSeconds = (performance.now() - tb) / 1000;
      return indexToArtefact(index);
    },
  };
  let result = await getOrBuild(spec);
  const tl = performance.now();
  let index: HnswIndex;
  try {
    index = artefactToIndex(result.value, opts);
  } catch (err) {
    if (result.source !== 'disk') throw err;
    const reason = `hnswlib could not load it: ${err instanceof Error ? err.message : String(err)}`;
    req.onEvent?.({ type: 'corrupt', key: result.key, dir: result.dir, reason });
    result = await getOrBuild({ ...spec, force: true });
    index = artefactToIndex(result.value, opts);
  }
  const loadSeconds = result.source === 'disk' ? (performance.now() - t0) / 1000 : (performance.now() - tl) / 1000;
  return { index, source: result.source, buildSeconds, loadSeconds, dir: result.dir };
}

async function buildIndex(req: CachedHnswRequest, opts: ResolvedAnnOptions<'hnsw'>): Promise<HnswIndex> {
  if (req.shards >= 2) return buildHnswParallel(opts, req.vectors, { shards: req.shards, onProgress: req.onProgress, signal: req.signal });
  const index = new HnswIndex(opts);
  const rows = req.vectors.length / opts.dim;
  const chunk = 2000;
  for (let from = 0; from < rows; from += chunk) {
    const to = Math.min(rows, from + chunk);
    index.addBatch(req.vectors.subarray(from * opts.dim, to * opts.dim), Int32Array.from({ length: to - from }, (_, i) => from + i));
    req.onProgress?.(to / rows);
    await req.onTick?.();
  }
  return index;
}

function indexToArtefact(index: HnswIndex): Record<string, Uint8Array | Json> {
  const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-hnsw-save-'));
  try {
    const path = join(dir, 'idx');
    index.save(path);
    const meta = JSON.parse(readFileSync(join(path, 'meta.json'), 'utf8')) as { files: string[]; shardCounts: number[]; ef: number };
    const out: Record<string, Uint8Array | Json> = { shardCounts: meta.shardCounts, ef: meta.ef };
    meta.files.forEach((f, i) => (out[`shard${i}`] = new Uint8Array(readFileSync(join(path, f)))));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function artefactToIndex(a: Record<string, unknown>, opts: ResolvedAnnOptions<'hnsw'>): HnswIndex {
  const counts = a.shardCounts as number[];
  const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-hnsw-load-'));
  try {
    const shards = counts.map((count, i) => {
      const file = join(dir, `shard-${i}.hnsw`);
      writeFileSync(file, a[`shard${i}`] as Uint8Array);
      return { index: readShard(file, opts), count };
    });
    return new HnswIndex(opts, shards, a.ef as number);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
