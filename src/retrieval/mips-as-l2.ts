/**
 * Inner-product search on a Euclidean HNSW graph (the reduction of Bachrach et al., RecSys 2014, used to speed up the
 * Xbox recommender). Inner product is not a distance: an item can score higher with another item than with itself, and
 * the usual worry is that HNSW's neighbour selection, designed for a metric, leaves some items poorly reachable.
 *
 * The reduction moves the problem into L2 space with one extra coordinate. With R the largest item norm:
 *   item  x → x' = [x, √(R² − ‖x‖²)]   (every x' has norm R)
 *   query q → q' = [q, 0]
 *   ‖q' − x'‖² = ‖q‖² + ‖x‖² + (R² − ‖x‖²) − 2 q·x = ‖q‖² + R² − 2 q·x
 * ‖q‖² + R² is the same for every item of one query, so the nearest x' in L2 is the x of largest q·x. Scores go back to
 * inner products: q·x = (‖q‖² + R² − ‖q' − x'‖²) / 2.
 *
 * The order is exact; whether the graph is better is not. Measured (test/retrieval/mips-as-l2.test.ts): with equal
 * norms the extra coordinate is 0 and both spaces build the same graph; with unequal norms short items get a large
 * extra coordinate, their L2 neighbours are items of similar norm rather than similar direction, and at the same ef
 * the L2 graph finds fewer of the true top-k than hnswlib's inner-product graph (as Morozov & Babenko, NeurIPS 2018,
 * found for similarity graphs). It is offered as a space to compare, not as a default.
 */
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { dot, dotRows } from '../core/vec.js';
import { ANN_FORMAT, writeIndexDirAtomic, type AnnMeta } from './ann-persist.js';
import { checkBatch, checkSearch, resolveAnnOptions } from './ann-options.js';
import type { AnnIndex, AnnProgress, AnnSearchOptions, AnnSearchResult, HnswIndexOptions, ResolvedAnnOptions } from './ann-types.js';
import { getOrBuildHnsw, type CachedHnswRequest } from './cached-hnsw.js';
import { HnswIndex } from './hnsw.js';
import type { HnswEngine } from './hnsw-graph.js';

/** How an inner-product HNSW graph is built: on the inner product itself, or in L2 on the augmented vectors. */
export type HnswSpace = 'ip' | 'ip-as-l2';
export const HNSW_SPACES: readonly HnswSpace[] = ['ip', 'ip-as-l2'];

/** the meta.json `extra` key that marks a saved MipsAsL2Index (value: [R]) */
const EXTRA_KEY = 'mipsAsL2MaxNorm';
/** float32 rows of norm R can read a hair above R once squared and summed: this much is rounding, more is an error */
const NORM_SLACK = 1e-5;

const rowNormSq = (rows: Float32Array, dim: number, r: number): number => dotRows(rows, r, rows, r, dim);

/** The largest row norm of `rows` (n × dim). */
export function maxRowNorm(rows: Float32Array, dim: number): number {
  let m = 0;
  for (let r = 0; r < rows.length / dim; r++) m = Math.max(m, rowNormSq(rows, dim, r));
  return Math.sqrt(m);
}

/** Items (n × dim) → n × (dim + 1): each row x followed by √(R² − ‖x‖²). A row longer than R is a UsageError. */
export function augmentItems(rows: Float32Array, dim: number, R: number): Float32Array {
  const n = rows.length / dim;
  const out = new Float32Array(n * (dim + 1));
  const R2 = R * R;
  for (let r = 0; r < n; r++) {
    const s = rowNormSq(rows, dim, r);
    if (s > R2 * (1 + NORM_SLACK) + 1e-12) {
      throw new UsageError(`ip-as-l2: row ${r} has norm ${Math.sqrt(s).toPrecision(6)} above R = ${R.toPrecision(6)} (fixed by the first batch); give maxNorm ≥ the largest item norm when creating the index`);
    }
    out.set(rows.subarray(r * dim, (r + 1) * dim), r * (dim + 1));
    out[r * (dim + 1) + dim] = Math.sqrt(Math.max(0, R2 - s));
  }
  return out;
}

/** Queries (n × dim) → n × (dim + 1) with a 0 appended to each. */
export function augmentQueries(queries: Float32Array, dim: number): Float32Array {
  const n = queries.length / dim;
  const out = new Float32Array(n * (dim + 1));
  for (let r = 0; r < n; r++) out.set(queries.subarray(r * dim, (r + 1) * dim), r * (dim + 1));
  return out;
}

/** An HNSW index that answers inner-product queries from a graph built in L2 on the augmented vectors. */
export class MipsAsL2Index implements AnnIndex {
  readonly kind = 'hnsw' as const;
  readonly metric = 'ip' as const;
  readonly space: HnswSpace = 'ip-as-l2';
  readonly dim: number;
  /** as the caller sees it: metric ip, dimension dim (the inner graph has dim + 1, metric l2) */
  readonly options: Readonly<ResolvedAnnOptions<'hnsw'>>;
  /** the L2 graph over the augmented rows */
  readonly inner: HnswIndex;
  private R: number | undefined;

  /** `maxNorm` fixes R up front; without it the first addBatch sets R to its largest row norm. */
  constructor(options: ResolvedAnnOptions<'hnsw'>, init: { inner?: HnswIndex; maxNorm?: number } = {}) {
    if (options.metric !== 'ip') throw new UsageError(`ip-as-l2: the transform answers inner-product queries; metric must be ip, got ${options.metric}`);
    if (init.maxNorm !== undefined && !(init.maxNorm >= 0)) throw new UsageError(`ip-as-l2: maxNorm must be ≥ 0, got ${init.maxNorm}`);
    this.options = options;
    this.dim = options.dim;
    this.R = init.maxNorm;
    this.inner = init.inner ?? new HnswIndex({ ...options, metric: 'l2', dim: options.dim + 1 });
  }

  get size(): number {
    return this.inner.size;
  }

  get engine(): HnswEngine {
    return this.inner.engine;
  }

  /** R, the norm every augmented item has (undefined until the first batch). */
  get maxNorm(): number | undefined {
    return this.R;
  }

  addBatch(vectors: Float32Array, ids?: Int32Array, onProgress?: AnnProgress): void {
    checkBatch('MipsAsL2Index.addBatch', vectors, ids, this.dim, this.size, this.options.maxElements);
    this.R ??= maxRowNorm(vectors, this.dim);
    this.inner.addBatch(augmentItems(vectors, this.dim, this.R), ids, onProgress);
  }

  search(query: Float32Array, k: number, opts: AnnSearchOptions = {}): AnnSearchResult {
    checkSearch('MipsAsL2Index.search', query, this.dim, k);
    const res = this.inner.search(augmentQueries(query, this.dim), k, opts);
    this.toInnerProducts(res.scores, query, 0, res.scores.length);
    return res;
  }

  searchBatch(queries: Float32Array, k: number, opts: AnnSearchOptions = {}): AnnSearchResult {
    checkSearch('MipsAsL2Index.searchBatch', queries, this.dim, k);
    const res = this.inner.searchBatch(augmentQueries(queries, this.dim), k, opts);
    for (let q = 0; q < queries.length / this.dim; q++) this.toInnerProducts(res.scores, queries.subarray(q * this.dim, (q + 1) * this.dim), q * k, (q + 1) * k);
    return res;
  }

  memoryBytes(): number {
    return this.inner.memoryBytes();
  }

  /** The L2 graph in a sub-directory, and R in meta.json (loadAnnIndex recognises it by that key). */
  save(path: string): void {
    const innerFiles = ['meta.json', ...Array.from({ length: this.inner.shardCount }, (_, s) => `shard-${s}.hnsw`)].map((f) => `l2/${f}`);
    const meta: AnnMeta = { format: ANN_FORMAT, options: { ...this.options }, size: this.size, files: innerFiles, extra: { [EXTRA_KEY]: [this.R ?? 0] } };
    writeIndexDirAtomic(path, meta, (dir) => this.inner.save(join(dir, 'l2')));
  }

  /** A saved MipsAsL2Index (meta.extra carries R), or null when the meta is a plain HNSW index's. */
  static load(path: string, meta: AnnMeta<'hnsw'>, loadInner: (path: string) => AnnIndex): MipsAsL2Index | null {
    const R = meta.extra?.[EXTRA_KEY]?.[0];
    if (R === undefined) return null;
    const inner = loadInner(join(path, 'l2'));
    if (!(inner instanceof HnswIndex) || inner.metric !== 'l2' || inner.dim !== meta.options.dim + 1) {
      throw new UsageError(`loadAnnIndex: ${path}/l2 is not the L2 graph of dimension ${meta.options.dim + 1} that an ip-as-l2 index keeps`);
    }
    return new MipsAsL2Index(meta.options, { inner, maxNorm: R });
  }

  /** Squared L2 distance (as −score) → inner product, in place over scores[from, to); padding stays −∞. */
  private toInnerProducts(scores: Float32Array, q: Float32Array, from: number, to: number): void {
    const shift = dot(q, q) + (this.R ?? 0) ** 2;
    for (let i = from; i < to; i++) if (scores[i] !== -Infinity) scores[i] = (shift + scores[i]) / 2;
  }
}

/** An inner-product HNSW index in the space asked for: the plain one (`ip`) or the L2 graph on augmented vectors. */
export function createHnswInSpace(space: HnswSpace, options: Omit<HnswIndexOptions, 'kind' | 'metric'>): HnswIndex | MipsAsL2Index {
  checkSpace(space);
  const o = resolveAnnOptions({ ...options, kind: 'hnsw', metric: 'ip' });
  return space === 'ip' ? new HnswIndex(o) : new MipsAsL2Index(o);
}

/**
 * The cached build (cached-hnsw.ts) in a space: `ip` is getOrBuildHnsw itself; `ip-as-l2` caches the L2 graph of the
 * augmented vectors (R = their largest norm, recomputed from the vectors, which are part of the key) and wraps it.
 */
export async function getOrBuildHnswInSpace(space: HnswSpace, req: Omit<CachedHnswRequest, 'options'> & { options: Omit<HnswIndexOptions, 'kind' | 'metric'> }) {
  checkSpace(space);
  if (space === 'ip') return getOrBuildHnsw({ ...req, options: { ...req.options, metric: 'ip' } });
  const { dim } = req.options;
  const R = maxRowNorm(req.vectors, dim);
  const built = await getOrBuildHnsw({ ...req, vectors: augmentItems(req.vectors, dim, R), options: { ...req.options, metric: 'l2', dim: dim + 1 } });
  const o = built.index.options;
  return { ...built, index: new MipsAsL2Index({ ...o, metric: 'ip', dim }, { inner: built.index, maxNorm: R }) };
}

function checkSpace(space: string): asserts space is HnswSpace {
  if (!HNSW_SPACES.includes(space as HnswSpace)) throw new UsageError(`HNSW space must be one of ${HNSW_SPACES.join(', ')}, got ${String(space)}`);
}
