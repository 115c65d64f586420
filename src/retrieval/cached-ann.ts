/**
 * Compressed indexes (ivf, ivfpq, sq8) cached on disk with the shared artefact cache (src/data/cache.ts), as
 * cached-hnsw.ts caches HNSW: at 1M × 64 the k-means of an IVF-PQ build takes minutes, so it is built once per
 * (vectors, options) and loaded afterwards. The artefact holds the files `save` writes, each checksummed by the cache
 * (and again by loadAnnIndex against the sha256 in meta.json); a copy that fails either is rebuilt, with a 'corrupt'
 * event. The key covers the resolved options, the caller's description of the vectors and their fingerprint.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getOrBuild, type GetOrBuildOptions } from '../data/cache.js';
import type { Json } from '../data/cache-files.js';
import { createAnnIndex, loadAnnIndex } from './ann-index.js';
import { resolveAnnOptions } from './ann-options.js';
import type { AnnIndex, IvfIndexOptions, IvfPqIndexOptions, Sq8IndexOptions } from './ann-types.js';
import { vectorFingerprint, type CachedIndexRequest } from './cached-hnsw.js';

/** Bump when a build or the saved layout changes. */
const VERSION = 1;

/** Rows per addBatch after the first; the first holds at least 256 · nlist rows, the training sample faiss takes. */
const CHUNK = 20_000;

export interface CachedAnnRequest extends CachedIndexRequest {
  options: IvfIndexOptions | IvfPqIndexOptions | Sq8IndexOptions;
}

export interface CachedAnnResult {
  index: AnnIndex;
  source: 'disk' | 'built';
  /** seconds spent building (0 when loaded from disk) */
  buildSeconds: number;
  dir: string;
}

/** The index for these vectors and options, from the cache when a valid copy is there, else built and cached. */
export async function getOrBuildAnn(req: CachedAnnRequest): Promise<CachedAnnResult> {
  const opts = resolveAnnOptions(req.options);
  let buildSeconds = 0;
  const spec: GetOrBuildOptions<Record<string, Uint8Array | Json>> = {
    kind: `ann-${opts.kind}`,
    label: `${opts.dim}d-${'nlist' in opts ? `nl${opts.nlist}` : 'flat'}${'pqM' in opts ? `-m${opts.pqM}x${opts.nbits}` : ''}`,
    params: { options: opts as unknown as Json, source: req.source, fingerprint: vectorFingerprint(req.vectors) },
    seed: 'seed' in opts ? opts.seed : 0,
    version: VERSION,
    root: req.root,
    force: req.force,
    signal: req.signal,
    onEvent: req.onEvent,
    verify: 'checksum',
    build: async () => {
      const t0 = performance.now();
      const index = createAnnIndex(opts);
      const n = req.vectors.length / opts.dim;
      const first = Math.min(n, Math.max(CHUNK, 'nlist' in opts ? 256 * opts.nlist : n));
      for (let from = 0; from < n;) {
        const to = from === 0 ? first : Math.min(n, from + CHUNK);
        index.addBatch(req.vectors.subarray(from * opts.dim, to * opts.dim));
        from = to;
        req.onProgress?.(from / n);
        await req.onTick?.();
      }
      buildSeconds = (performance.now() - t0) / 1000;
      return toArtefact(index);
    },
  };
  let result = await getOrBuild(spec);
  let index: AnnIndex;
  try {
    index = fromArtefact(result.value);
  } catch (err) {
    if (result.source !== 'disk') throw err;
    req.onEvent?.({ type: 'corrupt', key: result.key, dir: result.dir, reason: `the saved index did not load: ${err instanceof Error ? err.message : String(err)}` });
    result = await getOrBuild({ ...spec, force: true });
    index = fromArtefact(result.value);
  }
  return { index, source: result.source, buildSeconds, dir: result.dir };
}

/** Artefact names hold no dots: 'list-codes.u8' is stored as 'file_list-codes_u8' (meta.files keeps the real names). */
const key = (file: string) => `file_${file.replace(/[^A-Za-z0-9-]/g, '_')}`;

function toArtefact(index: AnnIndex): Record<string, Uint8Array | Json> {
  const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-ann-save-'));
  try {
    const path = join(dir, 'idx');
    index.save(path);
    const meta = JSON.parse(readFileSync(join(path, 'meta.json'), 'utf8')) as { files: string[] } & Json;
    const out: Record<string, Uint8Array | Json> = { meta };
    for (const f of meta.files) out[key(f)] = new Uint8Array(readFileSync(join(path, f)));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fromArtefact(a: Record<string, unknown>): AnnIndex {
  const meta = a.meta as { files: string[] };
  const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-ann-load-'));
  try {
    const path = join(dir, 'idx');
    mkdirSync(path);
    for (const f of meta.files) writeFileSync(join(path, f), a[key(f)] as Uint8Array);
    writeFileSync(join(path, 'meta.json'), JSON.stringify(meta));
    return loadAnnIndex(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
