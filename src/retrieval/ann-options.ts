/** Validation shared by every ANN kind: unknown names and bad sizes fail with the allowed values. */
import { UsageError } from '../core/errors.js';
import { ANN_DEFAULTS, ANN_KINDS, ANN_METRICS, type AnnIndexOptions, type AnnSearchResult } from './ann-types.js';

export function resolveAnnOptions(opts: AnnIndexOptions): Required<AnnIndexOptions> {
  if (!ANN_KINDS.includes(opts.kind)) {
    throw new UsageError(`createAnnIndex: unknown kind "${String(opts.kind)}"; known kinds: ${ANN_KINDS.join(', ')}`);
  }
  if (!ANN_METRICS.includes(opts.metric)) {
    throw new UsageError(`createAnnIndex: unknown metric "${String(opts.metric)}"; known metrics: ${ANN_METRICS.join(', ')}`);
  }
  const out = { M: ANN_DEFAULTS.M, efConstruction: ANN_DEFAULTS.efConstruction, seed: ANN_DEFAULTS.seed, ...opts } as Required<AnnIndexOptions>;
  const intAtLeast = (name: keyof AnnIndexOptions, min: number): void => {
    const v = out[name] as number;
    if (!Number.isInteger(v) || v < min) throw new UsageError(`createAnnIndex: ${name} must be an integer ≥ ${min}, got ${v}`);
  };
  intAtLeast('dim', 1);
  intAtLeast('maxElements', 1);
  intAtLeast('M', 2);
  intAtLeast('efConstruction', 1);
  intAtLeast('seed', 0);
  return out;
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
