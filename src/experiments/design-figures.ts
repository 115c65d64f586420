/**
 * The design review's arithmetic: memory per component, in bytes (what each part of the serving stack keeps resident), and the stage that binds the latency.
 * Measured where the component can say (the index's own `memoryBytes`, the GBDT's arrays, the cache's entries);
 * the rest from the layout of its typed arrays (4-byte floats and ints). Pure arithmetic, so a test can check it by hand.
 */

export interface MemoryInputs {
  items: number;
  users: number;
  /** embedding width of the item vectors and the cached user vectors */
  dim: number;
  /** train engagements kept for features and the seen-items rule (the CSR's items) */
  historyEntries: number;
  /** the ANN index's own figure (measured for exact, estimated from hnswlib's layout for HNSW) */
  indexBytes: number;
  /** the ranker's resident arrays */
  rankerBytes: number;
  /** user vectors held by the user-embedding cache at the end of the load test */
  cachedUsers: number;
  /** batch freshness: users with a precomputed list, and the list length (also of a cached response) */
  batchUsers: number;
  /** whole responses held by the response cache */
  cachedResponses: number;
  k: number;
  /** a sharded HNSW's workers read the item vectors from one shared copy (bytes; 0 when unsharded) */
  shardVectorBytes?: number;
}

export interface ComponentMemory {
  item_vectors: number;
  index: number;
  histories: number;
  ranker: number;
  user_cache: number;
  batch_lists: number;
  response_cache: number;
  shard_vectors: number;
  total: number;
}

/**
 * item vectors: items · dim · 4 (Float32); histories: a CSR of (users + 1) Int32 offsets and one Int32 per engagement;
 * user cache: cachedUsers · dim · 4 (the vectors, not the Map's own overhead); batch lists and cached responses:
 * lists · k · 4 (Int32 item ids). O(1).
 */
export function componentMemory(x: MemoryInputs): ComponentMemory {
  for (const [name, v] of Object.entries(x)) {
    if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`componentMemory: ${name} must be a finite number ≥ 0, got ${v}`);
  }
  const parts = {
    item_vectors: x.items * x.dim * 4,
    index: x.indexBytes,
    histories: (x.users + 1) * 4 + x.historyEntries * 4,
    ranker: x.rankerBytes,
    user_cache: x.cachedUsers * x.dim * 4,
    batch_lists: x.batchUsers * x.k * 4,
    response_cache: x.cachedResponses * x.k * 4,
    shard_vectors: x.shardVectorBytes ?? 0,
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}

/**
 * The stage that binds the latency: the one with the largest share of the mean request, share = its mean / Σ stage
 * means (means add up over a request; p99s do not: the slowest requests need not be the same in every stage).
 * Stages absent or at 0 are skipped; null when no stage took time. O(stages).
 */
export function bindingStage(stages: Record<string, { mean_ms: number }>, names: readonly string[]): { stage: string; share: number } | null {
  let total = 0;
  let best: { stage: string; mean: number } | null = null;
  for (const s of names) {
    const m = stages[s]?.mean_ms ?? 0;
    if (!(m > 0)) continue;
    total += m;
    if (!best || m > best.mean) best = { stage: s, mean: m };
  }
  return best ? { stage: best.stage, share: best.mean / total } : null;
}

export interface PaperInputs {
  items: number;
  /** resident bytes that grow with the catalog: item vectors and the index */
  catalogBytes: number;
  qps: number;
  /** CPU time per request (ms), measured, and the share of it spent in the candidates stage (grows with the catalog) */
  cpuMsPerRequest: number;
  candidatesShare: number;
  /** exact search costs O(N) per request; HNSW about O(log N) */
  ann: 'exact' | 'hnsw';
  trainSeconds: number;
  /** what one machine holds, in bytes */
  machineBytes: number;
  /** the shards the design already has (default 1): the memory wall may ask for more, never fewer */
  minShards?: number;
}

export interface PaperRow {
  factor: number;
  items: number;
  catalogGb: number;
  shards: number;
  cpuMsPerRequest: number;
  cores: number;
  trainHours: number;
  /** with `shards` shards, the share of requests that meet at least one shard's slowest 1% */
  fanOutTailShare: number;
}

/**
 * Scaling on paper: the design at `factor`× the catalog and the traffic, extrapolated from measured per-item and
 * per-request costs — not measured. catalog bytes × f; shards = max(the design's, ⌈catalog bytes × f / machine bytes⌉); CPU per request:
 * the candidates stage's share grows by f (exact) or by log(N·f) / log(N) (HNSW), the rest stays; cores =
 * qps × f × CPU ms / 1000 at full use; training time × f (examples grow with the traffic); fan-out tail =
 * 1 − 0.99^shards (a request waits for its slowest shard). O(factors).
 */
export function scaleOnPaper(x: PaperInputs, factors: readonly number[]): PaperRow[] {
  if (!(x.items > 1 && x.machineBytes > 0)) throw new RangeError(`scaleOnPaper: items must be > 1 and machineBytes > 0, got ${x.items}, ${x.machineBytes}`);
  return factors.map((f) => {
    const grow = x.ann === 'exact' ? f : Math.log(x.items * f) / Math.log(x.items);
    const cpu = x.cpuMsPerRequest * (1 - x.candidatesShare) + x.cpuMsPerRequest * x.candidatesShare * grow;
    const shards = Math.max(x.minShards ?? 1, Math.ceil((x.catalogBytes * f) / x.machineBytes));
    return {
      factor: f,
      items: x.items * f,
      catalogGb: (x.catalogBytes * f) / 1e9,
      shards,
      cpuMsPerRequest: cpu,
      cores: (x.qps * f * cpu) / 1000,
      trainHours: (x.trainSeconds * f) / 3600,
      fanOutTailShare: 1 - 0.99 ** shards,
    };
  });
}
