/**
 * The inverted file behind the AnnIndex interface: kind 'ivf' stores the vectors in their cells (faiss IndexIVFFlat),
 * kind 'ivfpq' stores product-quantization codes of the residuals (IndexIVFPQ) and, with keepRaw, the raw vectors
 * beside them for exact re-ranking (faiss's IndexRefine). The algorithms are src/core/quantization; this adapter
 * adds what an index needs: training on the first addBatch, external ids, cosine as ip on unit vectors, and save/load.
 *
 * Training (as faiss): k-means on at most 256 · nlist rows sampled from the first batch, seeded by the `seed` option;
 * later batches are assigned to the trained cells and never move them.
 * The distance loops run in the native kernels when the addon is built (quantization-kernels.ts), with equal results.
 * Search: `search(q, k, { nprobe, rerank })` scans the nprobe best cells; with rerank R > 0 (ivfpq) it keeps the
 * best max(R, k) by their code scores and re-scores those exactly on the raw vectors.
 */
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { InvertedFile } from '../core/quantization/index.js';
import { Rng } from '../core/rng.js';
import { ANN_FORMAT, readFloat32, readInt32, readUint8, writeIndexDirAtomic, writeTyped, type AnnMeta } from './ann-persist.js';
import { batchBySingle, checkBatch, checkSearch, searchOption } from './ann-options.js';
import type { AnnIndex, AnnMetric, AnnProgress, AnnSearchOptions, AnnSearchResult, ResolvedAnnOptions } from './ann-types.js';
import { quantizationEngine } from './quantization-kernels.js';
import { prepared, preparedQuery, RowStore } from './row-store.js';

type IvfKind = 'ivf' | 'ivfpq';

/** Rows added between progress reports. */
const CHUNK = 8192;

export interface IvfMemory {
  /** stored codes: pqM bytes (ivfpq) or 4 · dim bytes (ivf) per vector */
  codes: number;
  /** the row number stored beside every code, plus the row → id table when ids were given */
  ids: number;
  /** coarse centroids and PQ codebooks: paid once, whatever the number of vectors */
  fixed: number;
  /** raw vectors kept for re-ranking (ivfpq with keepRaw): a cheaper tier in a real deployment */
  raw: number;
}

export class IvfIndex implements AnnIndex {
  readonly kind: IvfKind;
  readonly dim: number;
  readonly metric: AnnMetric;
  readonly options: Readonly<ResolvedAnnOptions<IvfKind>>;
  private readonly file: InvertedFile;
  private readonly rows: RowStore;

  constructor(options: ResolvedAnnOptions<IvfKind>) {
    this.options = options;
    this.kind = options.kind;
    this.dim = options.dim;
    this.metric = options.metric;
    const pq = options.kind === 'ivfpq' ? options : null;
    this.file = new InvertedFile({
      dim: options.dim, metric: options.metric === 'l2' ? 'l2' : 'ip', nlist: options.nlist, encoding: pq ? 'pq' : 'flat',
      pqM: pq?.pqM, nbits: pq?.nbits, iterations: options.iterations, kernels: quantizationEngine().kernels,
    });
    this.rows = new RowStore(options.dim, options.maxElements, pq?.keepRaw ?? false);
  }

  get size(): number {
    return this.rows.count;
  }

  get trained(): boolean {
    return this.file.trained;
  }

  addBatch(vectors: Float32Array, ids?: Int32Array, onProgress?: AnnProgress): void {
    const fn = `${this.kind} addBatch`;
    const n = checkBatch(fn, vectors, ids, this.dim, this.size, this.options.maxElements);
    if (n === 0) return;
    const x = prepared(vectors, this.dim, this.metric);
    if (!this.file.trained) {
      if (n < this.options.nlist) throw new UsageError(`${fn}: the first batch trains nlist = ${this.options.nlist} cells and needs at least that many vectors, got ${n}`);
      if (this.kind === 'ivfpq' && n < 2 ** (this.options as ResolvedAnnOptions<'ivfpq'>).nbits) {
        throw new UsageError(`${fn}: the first batch trains 2^nbits = ${2 ** (this.options as ResolvedAnnOptions<'ivfpq'>).nbits} centroids per sub-space and needs at least that many vectors, got ${n}`);
      }
      this.file.train(x, n, new Rng(this.options.seed));
    }
    const from = this.rows.append(x, n, ids);
    for (let at = 0; at < n; at += CHUNK) {
      const to = Math.min(n, at + CHUNK);
      this.file.add(x.subarray(at * this.dim, to * this.dim), to - at, rowRange(from + at, to - at));
      onProgress?.(to / n);
    }
  }

  search(query: Float32Array, k: number, opts: AnnSearchOptions = {}): AnnSearchResult {
    const fn = `${this.kind} search`;
    checkSearch(fn, query, this.dim, k);
    const nprobe = Math.min(searchOption(fn, 'nprobe', opts.nprobe, 1), this.options.nlist);
    const rerank = this.kind === 'ivfpq' ? searchOption(fn, 'rerank', opts.rerank, 0) : 0;
    if (!this.file.trained) return { ids: new Int32Array(0), scores: new Float32Array(0) };
    const q = preparedQuery(query, this.dim, this.metric);
    if (rerank > 0 && !this.rows.raw) throw new UsageError(`${fn}: rerank = ${rerank} needs the raw vectors, but the index was built with keepRaw false`);
    const found = this.file.search(q, rerank > 0 ? Math.max(rerank, k) : k, nprobe);
    const best = rerank > 0 ? this.rows.rerank(q, found.ids, this.metric, k) : found;
    return this.rows.external(best.ids, best.scores);
  }

  searchBatch(queries: Float32Array, k: number, opts?: AnnSearchOptions): AnnSearchResult {
    checkSearch(`${this.kind} searchBatch`, queries, this.dim, k);
    return batchBySingle(queries, this.dim, k, (q) => this.search(q, k, opts));
  }

  /** Where the bytes go: codes and ids per vector, the fixed tables, and the raw vectors kept for re-ranking. */
  memory(): IvfMemory {
    const m = this.file.trained ? this.file.memory() : { codes: 0, ids: 0, fixed: 0 };
    const r = this.rows.bytes();
    return { codes: m.codes, ids: m.ids + r.ids, fixed: m.fixed, raw: r.raw };
  }

  memoryBytes(): number {
    const m = this.memory();
    return m.codes + m.ids + m.fixed + m.raw;
  }

  /** How many stored vectors a search with this nprobe scans for this query (the sizes of its probed cells). */
  scannedBy(query: Float32Array, nprobe: number): number {
    if (!this.file.trained) return 0;
    const sizes = this.file.listSizes();
    let n = 0;
    for (const c of this.file.probe(preparedQuery(query, this.dim, this.metric), Math.min(nprobe, this.options.nlist))) n += sizes[c];
    return n;
  }

  /** Vectors per cell (their balance decides how much one probe scans). */
  listSizes(): Int32Array {
    return this.file.listSizes();
  }

  save(path: string): void {
    if (!this.file.trained) throw new UsageError(`${this.kind} save: nothing to save before the first addBatch trains the index`);
    const lists = this.file.exportLists();
    const pq = this.file.pq;
    const files = ['centroids.f32', 'list-rows.i32', pq ? 'list-codes.u8' : 'list-vectors.f32'];
    if (pq) files.push('codebooks.f32');
    if (this.rows.ids) files.push('ids.i32');
    if (this.rows.raw) files.push('raw.f32');
    const meta: AnnMeta = { format: ANN_FORMAT, options: { ...this.options }, size: this.size, files, extra: { listSizes: lists.map((l) => l.ids.length) } };
    writeIndexDirAtomic(path, meta, (dir) => {
      writeTyped(join(dir, 'centroids.f32'), this.file.centroids);
      writeTyped(join(dir, 'list-rows.i32'), concat(lists.map((l) => l.ids), Int32Array));
      if (pq) {
        writeTyped(join(dir, 'list-codes.u8'), concat(lists.map((l) => l.codes as Uint8Array), Uint8Array));
        writeTyped(join(dir, 'codebooks.f32'), pq.codebooks);
      } else writeTyped(join(dir, 'list-vectors.f32'), concat(lists.map((l) => l.codes as Float32Array), Float32Array));
      if (this.rows.ids) writeTyped(join(dir, 'ids.i32'), this.rows.ids.subarray(0, this.size));
      if (this.rows.raw) writeTyped(join(dir, 'raw.f32'), this.rows.raw.subarray(0, this.size * this.dim));
    });
  }

  static load(path: string, meta: AnnMeta<IvfKind>): IvfIndex {
    const o = meta.options;
    const index = new IvfIndex(o);
    const sizes = meta.extra?.listSizes;
    if (!sizes || sizes.length !== o.nlist) throw new UsageError(`loadAnnIndex: ${path} lists ${sizes?.length ?? 0} cell sizes, expected nlist = ${o.nlist}`);
    const file = index.file;
    file.centroids = readFloat32(join(path, 'centroids.f32'));
    if (o.kind === 'ivfpq') {
      const ksub = 2 ** o.nbits;
      file.pq = { dim: o.dim, m: o.pqM, nbits: o.nbits, ksub, dsub: o.dim / o.pqM, codebooks: readFloat32(join(path, 'codebooks.f32')) };
    }
    const rows = readInt32(join(path, 'list-rows.i32'));
    const codes = o.kind === 'ivfpq' ? readUint8(join(path, 'list-codes.u8')) : readFloat32(join(path, 'list-vectors.f32'));
    const width = o.kind === 'ivfpq' ? o.pqM : o.dim;
    if (rows.length !== meta.size || codes.length !== meta.size * width) throw new UsageError(`loadAnnIndex: ${path} holds ${rows.length} rows and ${codes.length} code entries, expected ${meta.size} and ${meta.size * width}`);
    let at = 0;
    file.importLists(sizes.map((n) => {
      const l = { ids: rows.subarray(at, at + n), codes: codes.subarray(at * width, (at + n) * width) };
      at += n;
      return l;
    }));
    const ids = meta.files.includes('ids.i32') ? readInt32(join(path, 'ids.i32')) : null;
    const raw = meta.files.includes('raw.f32') ? readFloat32(join(path, 'raw.f32')) : null;
    index.rows.restore(meta.size, ids, raw);
    return index;
  }
}

function rowRange(from: number, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = from + i;
  return out;
}

function concat<T extends Int32Array | Uint8Array | Float32Array>(parts: T[], Ctor: new (n: number) => T): T {
  const out = new Ctor(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    (out as Float32Array).set(p as unknown as Float32Array, at);
    at += p.length;
  }
  return out;
}
