/** Validation shared by every ANN kind: unknown names and bad sizes fail with the allowed values. */
import { UsageError } from '../core/errors.js';
import { ANN_DEFAULTS, ANN_KINDS, ANN_METRICS, type AnnIndexOptions, type AnnKind, type AnnSearchResult, type ResolvedAnnOptions } from './ann-types.js';

/** The options each kind takes besides dim, metric and maxElements: its defaults come from ANN_DEFAULTS, others are dropped. */
export const KIND_OPTIONS = {
  exact: [],
  hnsw: ['M', 'efConstruction', 'seed'],
  ivf: ['nlist', 'iterations', 'seed'],
  ivfpq: ['nlist', 'iterations', 'seed', 'pqM', 'nbits', 'keepRaw'],
  sq8: ['keepRaw'],
} as const satisfies Record<AnnKind, readonly (keyof typeof ANN_DEFAULTS)[]>;

/** Least allowed value of each integer option. */
const INT_MIN: Record<string, number> = { dim: 1, maxElements: 1, M: 2, efConstruction: 1, seed: 0, nlist: 1, iterations: 0, pqM: 1, nbits: 1 };

/** Defaults filled in for the kind, options of other kinds dropped, sizes checked (UsageError naming the option). */
export function resolveAnnOptions<O extends AnnIndexOptions>(opts: O): ResolvedAnnOptions<O['kind']>;
export function resolveAnnOptions(opts: AnnIndexOptions): ResolvedAnnOptions {
  if (!ANN_KINDS.includes(opts.kind)) {
    throw new UsageError(`createAnnIndex: unknown kind "${String(opts.kind)}"; known kinds: ${ANN_KINDS.join(', ')}`);
  }
  if (!ANN_METRICS.includes(opts.metric)) {
    throw new UsageError(`createAnnIndex: unknown metric "${String(opts.metric)}"; known metrics: ${ANN_METRICS.join(', ')}`);
  }
  const given = opts as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { kind: opts.kind, dim: opts.dim, metric: opts.metric, maxElements: opts.maxElements };
  for (const key of KIND_OPTIONS[opts.kind]) out[key] = given[key] ?? ANN_DEFAULTS[key];
  for (const [name, v] of Object.entries(out)) {
    if (!(name in INT_MIN)) continue;
    if (!Number.isInteger(v) || (v as number) < INT_MIN[name]) throw new UsageError(`createAnnIndex: ${name} must be an integer ≥ ${INT_MIN[name]}, got ${String(v)}`);
  }
  if (out.nbits !== undefined && (out.nbits as number) > 8) throw new UsageError(`createAnnIndex: nbits must be an integer in [1, 8], got ${String(out.nbits)}`);
  if (out.pqM !== undefined && opts.dim % (out.pqM as number) !== 0) {
    throw new UsageError(`createAnnIndex: pqM = ${String(out.pqM)} must divide dim = ${opts.dim} (each sub-space takes dim / pqM coordinates)`);
  }
  if (out.keepRaw !== undefined && typeof out.keepRaw !== 'boolean') throw new UsageError(`createAnnIndex: keepRaw must be true or false, got ${String(out.keepRaw)}`);
  return out as unknown as ResolvedAnnOptions;
}

/** A search-time integer option (nprobe, rerank, ef): its value or default, checked. */
export function searchOption(fn: string, name: 'nprobe' | 'rerank' | 'ef', value: number | undefined, min: number): number {
  const v = value ?? ANN_DEFAULTS[name];
  if (!Number.isInteger(v) || v < min) throw new UsageError(`${fn}: ${name} must be an integer ≥ ${min}, got ${v}`);
  return v;
}

/** Check an addBatch call and return the number of rows. */
export function checkBatch(fn: string, vectors: Float32Array, ids: Int32Array | undefined, dim: number, size: number, max: number): number {
  if (vectors.length % dim !== 0) throw new UsageError(`${fn}: vector length ${vectors.length} is not a multiple of dim ${dim}`);
  const rows = vectors.length / dim;
  if (ids && ids.length !== rows) throw new UsageError(`${fn}: ${rows} vectors but ${ids.length} ids`);
  if (size + rows > max) {
    throw new UsageError(`${fn}: adding ${rows} vectors to ${size} exceeds maxElements ${max}; create the index with a larger maxElements`);
  }
  if (ids) for (let i = 0; i < ids.length; i++) if (ids[i] < 0) throw new UsageError(`${fn}: ids must be ≥ 0, got ${ids[i]} at ${i}`);
  return rows;
}

export function checkSearch(fn: string, query: Float32Array, dim: number, k: number): void {
  if (query.length % dim !== 0 || query.length === 0) throw new UsageError(`${fn}: query length ${query.length} is not a positive multiple of dim ${dim}`);
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`${fn}: k must be an integer ≥ 1, got ${k}`);
}

/** Run `one` per query and pack results into queries × k arrays padded with −1 / −Infinity. */
export function batchBySingle(
  queries: Float32Array,
  dim: number,
  k: number,
  one: (q: Float32Array) => AnnSearchResult,
): AnnSearchResult {
  const nq = queries.length / dim;
  const ids = new Int32Array(nq * k).fill(-1);
  const scores = new Float32Array(nq * k).fill(-Infinity);
  for (let q = 0; q < nq; q++) {
    const r = one(queries.subarray(q * dim, (q + 1) * dim));
    ids.set(r.ids, q * k);
    scores.set(r.scores, q * k);
  }
  return { ids, scores };
}
