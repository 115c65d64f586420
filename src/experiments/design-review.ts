/**
 * design-review: a whole recommender design built on the world and scored — the interview's first question,
 * answered by running it. Build (embeddings, index, ranker) → quality on held-out engagements through the real
 * request path → an open-loop load test at the target QPS (latency from each request's scheduled arrival) →
 * memory per component. The design's choices are knobs (scenarios/knobs/design.yaml); a design file sets them.
 *
 * Quality is read against two references on the same users (paired): exact search on the same vectors (what the
 * index loses) and exact search on the world's hidden vectors (what the embeddings lose: the ceiling).
 */
import { UsageError } from '../core/errors.js';
import { catalogCoverage, intraListDiversity } from '../core/metrics/index.js';
import { buildEvalSet, type EvalSet } from '../models/eval/eval-set.js';
import { ceilingVectors } from '../models/eval/baselines.js';
import { cohortMean, retrievalPerUser } from '../models/eval/retrieval-metrics.js';
import { AnnCandidates, GbdtRanker, NnServingRanker, PopularityMerge } from '../serving/adapters.js';
import { buildServingStack, type BuiltStack, type PartSource } from '../serving/build-components.js';
import { describeCacheEvent, type CacheEvent } from '../data/cache.js';
import { createRecommender, type RecommenderOptions } from '../serving/recommender.js';
import { STAGES, type CandidateSource, type ReRankerKind } from '../serving/types.js';
import { exactLists, rankerChoice, serveOpenLoop, serveWith, shardedServing, trainNeuralRanker, type ShardedServing } from './design-serving.js';
import type { World } from '../data/world-types.js';
import { itemCounts } from '../data/cohorts.js';
import { topK } from '../core/vec.js';
import { bindingStage, componentMemory, scaleOnPaper, type ComponentMemory } from './design-figures.js';
import { loadFigures } from './latency-budget.js';
import { bool, num, str } from './param-readers.js';
import { recordTwoTowerEngine } from './two-tower-engine.js';
import { twoTowerOptions } from './two-tower-common.js';
import type { Experiment, ExperimentContext, ExperimentOutput, Table } from './types.js';

const K_RETRIEVAL = 100;
const USERS = 'eval-users';
const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const MB = 1e6;

/** The recommender options a design's knobs give (the same for the quality pass and the load test). */
function servingOptions(ctx: ExperimentContext, stack: BuiltStack): RecommenderOptions {
  return {
    candidates: num(ctx, 'candidates'),
    ef: num(ctx, 'ef'),
    reranker: str(ctx, 'reranker') as ReRankerKind,
    lambda: num(ctx, 'lambda'),
    theta: num(ctx, 'theta'),
    rerankPool: num(ctx, 'rerankPool'),
    maxPerCategory: num(ctx, 'maxPerCategory'),
    freshnessWeight: num(ctx, 'freshnessWeight'),
    freshnessHalfLifeDays: num(ctx, 'freshnessHalfLifeDays'),
    fullRankerFraction: num(ctx, 'fullRankerFraction'),
    userCacheTtlMs: num(ctx, 'cacheTtlS') * 1000,
    ...(bool(ctx, 'excludeSeen') ? { seen: stack.histories } : {}),
  };
}

/** Each eval user's best K new items from the serving index, or its shards (row r at [r·K, (r+1)·K), −1 padded). */
async function indexLists(set: EvalSet, stack: BuiltStack, queries: Float32Array, sharded: ShardedServing | null): Promise<Int32Array> {
  const { dim, candidates } = stack.components;
  const out = new Int32Array(set.users.length * K_RETRIEVAL).fill(-1);
  for (let r = 0; r < set.users.length; r++) {
    const q = queries.subarray(r * dim, (r + 1) * dim);
    const n = K_RETRIEVAL + set.exclude[r].size;
    const got = sharded ? await sharded.source.searchAsync(q, n) : candidates.search(q, n);
    let w = 0;
    for (let j = 0; j < got.ids.length && w < K_RETRIEVAL; j++) if (got.ids[j] >= 0 && !set.exclude[r].has(got.ids[j])) out[r * K_RETRIEVAL + w++] = got.ids[j];
  }
  return out;
}

interface Quality {
  metrics: Record<string, number>;
  replicates: Record<string, ArrayLike<number>>;
  table: Table;
  /** the retrieval step that loses the most recall@100 */
  biggestLoss: string;
}

async function scoreQuality(ctx: ExperimentContext, world: World, stack: BuiltStack, set: EvalSet, sharded: ShardedServing | null): Promise<Quality> {
  const { dim, itemVectors, encoder } = stack.components;
  const n = set.users.length;
  const queries = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) queries.set(encoder.encode(set.users[r]), r * dim);
  const served = await indexLists(set, stack, queries, sharded);
  const tick = () => ctx.tick();
  const exact = await exactLists(set, queries, itemVectors, dim, K_RETRIEVAL, tick);
  const ceil = ceilingVectors(world, set.users);
  const ceiling = await exactLists(set, ceil.queries, ceil.items, ceil.dim, K_RETRIEVAL, tick);
  await ctx.tick();
  // the served lists, through the request path (no user cache: every eval user is encoded as on a first visit)
  const k = num(ctx, 'k');
  const rec = createRecommender(world, stack.components, { ...servingOptions(ctx, stack), userCacheTtlMs: 0 });
  const serve = serveWith(sharded);
  const lists = new Int32Array(n * k).fill(-1);
  const ild = new Float64Array(n);
  const L = world.config.latentDim;
  for (let r = 0; r < n; r++) {
    const { items } = await serve(rec, set.users[r], k);
    lists.set(items, r * k);
    // diversity on the world's hidden item vectors: the same yardstick whatever vectors the design learned
    ild[r] = intraListDiversity(items, world.items.latent, L);
    if (r % 64 === 63) {
      ctx.progress('quality on held-out engagements', r / n);
      await ctx.tick();
    }
  }
  const ann = retrievalPerUser(set, served, K_RETRIEVAL);
  const ex = retrievalPerUser(set, exact, K_RETRIEVAL);
  const ce = retrievalPerUser(set, ceiling, K_RETRIEVAL);
  const out = retrievalPerUser(set, lists, k);
  const retrievalTop = Int32Array.from({ length: n * k }, (_, i) => served[Math.floor(i / k) * K_RETRIEVAL + (i % k)]);
  const byRetrieval = retrievalPerUser(set, retrievalTop, k);
  const metrics: Record<string, number> = {};
  const replicates: Record<string, ArrayLike<number>> = {};
  const put = (name: string, perUser: Float64Array): void => {
    metrics[name] = cohortMean(perUser);
    replicates[name] = ctx.bootstrap.mean(USERS, perUser);
  };
  const diff = (a: Float64Array, b: Float64Array): Float64Array => Float64Array.from(a, (v, i) => v - b[i]);
  put('recall_at_100', ann.recall_at_100);
  put('exact_recall_at_100', ex.recall_at_100);
  put('ceiling_recall_at_100', ce.recall_at_100);
  put('loss_embeddings_recall_at_100', diff(ce.recall_at_100, ex.recall_at_100));
  put('loss_index_recall_at_100', diff(ex.recall_at_100, ann.recall_at_100));
  put('recall_at_100_new_users', ann.recall_at_100_new_users);
  put('recall_at_100_cold_items', ann.recall_at_100_cold_items);
  put('ndcg_at_10', out.ndcg_at_10);
  put('recall_at_10', out.recall_at_10);
  put('retrieval_ndcg_at_10', byRetrieval.ndcg_at_10);
  put('ranking_gain_ndcg_at_10', diff(out.ndcg_at_10, byRetrieval.ndcg_at_10));
  put('diversity_ild', ild);
  metrics.catalog_coverage = catalogCoverage(Array.from({ length: n }, (_, r) => lists.subarray(r * k, (r + 1) * k).filter((i) => i >= 0)), world.items.count);
  metrics.eval_users = n;
  metrics.new_users = set.isNew.reduce((a, b) => a + b, 0);
  const losses: [string, number][] = [['embeddings', metrics.loss_embeddings_recall_at_100], ['index', metrics.loss_index_recall_at_100]];
  const biggestLoss = losses.sort((a, b) => b[1] - a[1])[0][0];
  const ci = (name: string): string => {
    const iv = replicates[name];
    const sorted = Float64Array.from(iv).filter((v) => v === v).sort();
    return sorted.length ? `${r3(sorted[Math.floor(0.025 * (sorted.length - 1))])}–${r3(sorted[Math.ceil(0.975 * (sorted.length - 1))])}` : '';
  };
  const table: Table = {
    title: 'Quality against the hidden-vector ceiling (recall@100 of new items, same users)',
    columns: ['step', 'recall@100', '95% interval', 'lost here'],
    rows: [
      ['ceiling: exact search on the hidden vectors', r3(metrics.ceiling_recall_at_100), ci('ceiling_recall_at_100'), ''],
      ['exact search on the design’s vectors', r3(metrics.exact_recall_at_100), ci('exact_recall_at_100'), r3(metrics.loss_embeddings_recall_at_100)],
      [`the design’s retrieval (${sharded ? sharded.source.name : stack.components.candidates.name})`, r3(metrics.recall_at_100), ci('recall_at_100'), r3(metrics.loss_index_recall_at_100)],
    ],
  };
  return { metrics, replicates, table, biggestLoss };
}

/** One log line per artefact-cache event of the build (hit, miss, built, stale, corrupt …). */
function cacheLine(e: CacheEvent): string {
  return describeCacheEvent(e) ?? `cache: ${e.type === 'hit' ? 'loaded' : e.type} ${e.key}`;
}

/** What the build reused and what it made, for the scorecard's notes. */
function cacheNote(stack: BuiltStack, cache: boolean): string {
  const part = (name: string, src: PartSource, ms: number, verb: string): string => (src === 'cache' ? `${name}: cached (loaded in ${(ms / 1000).toFixed(2)} s)` : `${name}: ${verb} in this run (${(ms / 1000).toFixed(2)} s)`);
  const parts = [part('embeddings', stack.source.vectors, stack.buildMs.vectors, stack.twoTower ? 'trained' : 'made'), part('index', stack.source.index, stack.buildMs.index, 'built')];
  return `artefact cache ${cache ? 'on' : 'off (cache = false: everything trained and built, nothing stored)'}: ${parts.join('; ')}`;
}

/** Scaling on paper at 10× and 100× the catalog and the traffic: a table of extrapolations with every formula stated. */
function paperTable(items: number, catalogBytes: number, qps: number, cpuMs: number, candidatesShare: number, ann: 'exact' | 'hnsw', trainSeconds: number, machineGb: number, minShards: number): { table: Table; notes: string[] } {
  const rows = scaleOnPaper({ items, catalogBytes, qps, cpuMsPerRequest: cpuMs, candidatesShare, ann, trainSeconds, machineBytes: machineGb * 1e9, minShards }, [1, 10, 100]);
  const table: Table = {
    title: 'Scaling on paper — extrapolated from this run’s measured costs, not measured',
    columns: ['catalog and traffic', 'items', 'req/s', 'vectors + index GB', 'shards', 'CPU ms / request', 'cores at full use', 'training h', 'requests meeting a shard’s slowest 1%'],
    rows: rows.map((r) => [r.factor === 1 ? 'as measured' : `${r.factor}×`, r.items, r.factor * qps, r3(r.catalogGb), r.shards, r3(r.cpuMsPerRequest), r3(r.cores), r3(r.trainHours), `${(100 * r.fanOutTailShare).toFixed(1)}%`]),
  };
  const last = rows[rows.length - 1];
  const notes = [
    `scaling on paper (an extrapolation): vectors + index grow linearly with the items; shards = max(the design's ${minShards}, ⌈GB / ${machineGb} GB per machine⌉); CPU per request keeps its measured non-retrieval part and multiplies the candidates stage's ${(100 * candidatesShare).toFixed(0)}% by ${ann === 'exact' ? 'f (exact search reads every item)' : 'log(N·f) / log N (an HNSW search grows with the log of the items)'}; cores = req/s × CPU ms / 1000 at full use (plan for about half); training time × f if the training examples grow with the traffic`,
    `where it stops holding: ${last.shards > 1 ? `at ${last.factor}× the catalog outgrows one ${machineGb} GB machine (the memory wall): ${last.shards} shards, and every request fans out to all of them and waits for the slowest, so ${(100 * last.fanOutTailShare).toFixed(1)}% of requests meet some shard's slowest 1% (1 − 0.99^shards; the scale-out scenario measures it)` : `even at ${last.factor}× the catalog fits one ${machineGb} GB machine; past that the memory wall forces shards, and every request then waits for its slowest shard (1 − 0.99^shards of requests meet some shard's slowest 1%)`}; the CPU figures assume the measured per-request cost holds, which a busy machine's timings overstate`,
  ];
  return { table, notes };
}

/** Memory per component (componentMemory) and its table, saying how each figure was obtained. */
function memoryOf(world: World, stack: BuiltStack, indexSource: CandidateSource, held: { cachedUsers: number; batchUsers: number; cachedResponses: number; nnWeights: number; shards: number }, k: number): { bytes: ComponentMemory; table: Table } {
  const { cachedUsers, batchUsers, cachedResponses, nnWeights, shards } = held;
  const ranker = stack.components.ranker;
  const { dim } = stack.components;
  const gbdt = ranker instanceof GbdtRanker ? ranker.model.byteLength() : 0;
  const exact = indexSource instanceof AnnCandidates && indexSource.index.kind === 'exact';
  const bytes = componentMemory({
    items: world.items.count,
    users: world.users.count,
    dim,
    historyEntries: stack.histories.items.length,
    // sharded: hnswlib's layout (and the exact copy) is linear in the items, so the shards together hold what one index holds
    indexBytes: indexSource instanceof AnnCandidates ? indexSource.index.memoryBytes() : 0,
    rankerBytes: gbdt + 4 * nnWeights + (ranker instanceof GbdtRanker || ranker instanceof NnServingRanker ? 0 : stack.components.features.names.length * 8),
    cachedUsers,
    batchUsers,
    cachedResponses,
    k,
    // the worker shards read one shared copy of the item vectors (the exact shards search the serving process's own)
    shardVectorBytes: shards > 1 && !exact ? world.items.count * dim * 4 : 0,
  });
  const rankerHow = [gbdt ? 'the GBDT’s node and leaf arrays' : '', nnWeights ? `${nnWeights} network weights × 4 B (tfjs tensors)` : ''].filter(Boolean).join(' + ') || 'linear weights';
  const table: Table = {
    title: 'Memory per component (MB)',
    columns: ['component', 'MB', 'how'],
    rows: [
      ['item vectors', r3(bytes.item_vectors / MB), `${world.items.count} items × ${dim} dims × 4 B`],
      ['index', r3(bytes.index / MB), `${exact ? 'measured (exact)' : 'estimated from hnswlib’s layout'}${shards > 1 ? `, over ${shards} shards together` : ''}`],
      ['shard vectors', r3(bytes.shard_vectors / MB), bytes.shard_vectors ? `one shared copy the ${shards} worker shards build from: ${world.items.count} × ${dim} × 4 B` : 'none (no worker shards)'],
      ['histories (features, seen rule)', r3(bytes.histories / MB), `${world.users.count + 1} offsets + ${stack.histories.items.length} engagements × 4 B`],
      ['ranker', r3(bytes.ranker / MB), rankerHow],
      ['user-embedding cache', r3(bytes.user_cache / MB), `${cachedUsers} cached users × ${dim} dims × 4 B`],
      ['batch lists', r3(bytes.batch_lists / MB), batchUsers ? `${batchUsers} users × ${k} items × 4 B` : 'none (near-real-time)'],
      ['response cache', r3(bytes.response_cache / MB), cachedResponses ? `${cachedResponses} cached responses × ${k} items × 4 B` : 'none (off)'],
      ['total', r3(bytes.total / MB), ''],
    ],
  };
  return { bytes, table };
}

export const experiment: Experiment = {
  id: 'design-review',
  description: 'A whole recommender design built, scored on held-out engagements and served open loop at its target QPS',
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const ann = str(ctx, 'ann');
    if (ann !== 'hnsw' && ann !== 'exact') throw new UsageError(`design-review: ann must be hnsw or exact, got ${ann}`);
    const embeddings = str(ctx, 'embeddings') === 'two-tower' ? 'two-tower' : 'latent';
    const BUILD = 'build: embeddings, index, ranker';
    const buildStart = performance.now();
    const ranker = rankerChoice(ctx);
    const shards = num(ctx, 'shards');
    const quota = num(ctx, 'popularCandidates');
    if (shards > 1 && quota > 0) throw new UsageError(`design-review: index.shards ${shards} with retrieval.popularCandidates ${quota} is not built (the popularity merge sits in front of an in-process index); set shards to 1 or popularCandidates to 0`);
    const stack = await ctx.stage(BUILD, () =>
      buildServingStack(world, ctx.rng('stack'), {
        ann,
        M: num(ctx, 'M'),
        efConstruction: num(ctx, 'efConstruction'),
        // the search breadth from the start: the quality pass searches the index before any recommender sets it
        ef: num(ctx, 'ef'),
        // the neural ranker replaces the linear placeholder below; the hybrid keeps the GBDT in front of it
        trees: ranker === 'nn' ? 0 : num(ctx, 'trees'),
        leaves: num(ctx, 'leaves'),
        embeddings,
        embeddingNoise: num(ctx, 'embeddingNoise'),
        ...(embeddings === 'two-tower' ? { twoTower: twoTowerOptions(ctx) } : {}),
        // the index is built as the design's shards, or as 2 graphs in 2 worker threads when it has one (whatever the
        // machine's cores, so a design's figures do not depend on them); with shards the rankers' in-process copy is built so too
        buildShards: ann === 'hnsw' ? Math.max(2, shards) : 1,
        ...(bool(ctx, 'cache') ? { cache: { onEvent: (e: CacheEvent) => ctx.log(cacheLine(e)) } } : {}),
        signal: ctx.signal,
        onProgress: (s, f) => ctx.progress(BUILD, f, s),
      }),
    );
    const nnWeights = ranker === 'gbdt' ? 0 : await ctx.stage('train the neural ranker', () => trainNeuralRanker(ctx, world, stack, ranker));
    // the in-process index gave the rankers their training rows; with shards, requests go to the worker shards instead
    const sharded = shards > 1 ? await ctx.stage(`shard the index: ${shards} shards`, () => shardedServing(ctx, stack, ann, shards)) : null;
    try {
      return await review(ctx, world, stack, { ann, embeddings, shards, quota, nnWeights, sharded, builtMs: performance.now() - buildStart });
    } finally {
      await sharded?.index.close();
    }
  },
};

interface Built {
  ann: 'hnsw' | 'exact';
  embeddings: 'two-tower' | 'latent';
  shards: number;
  quota: number;
  nnWeights: number;
  sharded: ShardedServing | null;
  builtMs: number;
}

/** Quality, the load test, memory and scaling on paper of a built design. */
async function review(ctx: ExperimentContext, world: World, stack: BuiltStack, b: Built): Promise<ExperimentOutput> {
  const { ann, embeddings, shards, quota, nnWeights, sharded, builtMs } = b;
  if (stack.twoTower) recordTwoTowerEngine(ctx, stack.twoTower);
  // the index itself (for its memory), before a second source is merged in front of it
  const indexSource = stack.components.candidates;
  if (quota > 0) {
    const { itemVectors, dim } = stack.components;
    const popular = topK(itemCounts(world, 'train'), Math.min(world.items.count, quota + 5000));
    stack.components.candidates = new PopularityMerge(indexSource, popular, quota, itemVectors, dim);
    stack.notes.push(`retrieval: up to ${quota} of every candidate set are the most popular items (train engagements) the index did not return; the GBDT was trained on the index's candidates alone`);
  }
  if (sharded) stack.notes.push(`candidates: ${sharded.source.name}, built in ${(sharded.buildMs / 1000).toFixed(2)} s; a request fans out to every shard and the shards' lists are merged (stage merge${ann === 'exact' ? ': inside the exact twin, so it is counted in candidates' : ''}); the in-process index beside it only gave the rankers their training rows and is not counted as served memory`);

  const set = buildEvalSet(world, num(ctx, 'evalUsers'), ctx.rng('eval-users'));
  const quality = await ctx.stage('quality on held-out engagements', () => scoreQuality(ctx, world, stack, set, sharded));

  const k = num(ctx, 'k');
  const qps = num(ctx, 'qps');
  const budget = num(ctx, 'budgetMs');
  const requests = num(ctx, 'requests');
  const { report, rec, pool, precomputed, short, cachedResponses } = await serveOpenLoop(ctx, world, stack, servingOptions(ctx, stack), sharded, k, qps, requests);
  const batch = precomputed !== null;
  const load = loadFigures(ctx, report, budget, short);
  const metrics: Record<string, number> = { ...quality.metrics, ...load.metrics };
  const replicates = { ...quality.replicates, ...load.replicates };
  metrics.target_qps = qps;

  // the stage that binds: the largest share of the mean request (means add up; p99s do not)
  const binding = bindingStage(report.stages, STAGES);
  metrics.binding_stage_share = binding?.share ?? 0;
  const stageMeanSum = metrics.stage_mean_sum_ms;

  const memory = memoryOf(world, stack, indexSource, { cachedUsers: rec.cache.size, batchUsers: batch ? new Set(pool).size : 0, cachedResponses, nnWeights, shards }, k);
  for (const [name, bytes] of Object.entries(memory.bytes)) metrics[`memory_${name}_mb`] = bytes / MB;
  // a part loaded from the cache reports its load time under its own name: never a build time of 0
  if (stack.source.vectors === 'cache') metrics.embeddings_load_s = stack.buildMs.vectors / 1000;
  else metrics.train_embeddings_s = stack.buildMs.vectors / 1000;
  // with worker shards the served index is theirs (built every run); the in-process copy only gave the rankers their rows
  if (sharded) metrics.index_build_s = sharded.buildMs / 1000;
  else if (stack.source.index === 'cache') metrics.index_load_s = stack.buildMs.index / 1000;
  else metrics.index_build_s = stack.buildMs.index / 1000;
  metrics.index_graphs = stack.indexShards;
  metrics.shards = shards;
  metrics.ranker_train_s = stack.buildMs.ranker / 1000;
  metrics.build_total_s = builtMs / 1000;
  if (precomputed) metrics.batch_precompute_s = precomputed.ms / 1000;

  const e = report.endToEnd;
  const tables: Table[] = [
    {
      title: 'Per-stage latency at the target QPS (ms; share = of the summed stage means)',
      columns: ['stage', 'n', 'p50', 'p99', 'p99 95% interval', 'mean', 'share'],
      rows: Object.entries(load.latency).map(([s, l]) => [
        s, l.n, r3(l.p50_ms), r3(l.p99_ms), l.tail === 'max' ? 'max' : `${r3(l.ci!.p99[0])}–${r3(l.ci!.p99[1])}`, r3(l.mean_ms),
        (STAGES as readonly string[]).includes(s) && stageMeanSum > 0 ? `${((100 * l.mean_ms) / stageMeanSum).toFixed(1)}%` : '',
      ]),
    },
    quality.table,
    memory.table,
  ];
  const notes = [
    ...stack.notes,
    `end to end at ${qps} req/s (open loop, Poisson arrivals, latency from each request's scheduled arrival): p50 ${e.p50_ms.toFixed(3)} ms, p99 ${e.p99_ms.toFixed(3)} ms ${e.tail === 'max' ? `(the maximum of ${e.n})` : `[${e.ci!.p99[0].toFixed(3)}, ${e.ci!.p99[1].toFixed(3)}]`} over n = ${e.n}, against a budget of ${budget} ms; achieved ${report.throughputRps.toFixed(0)} req/s`,
    `the stage that binds the latency: ${binding?.stage ?? 'none'} (${(100 * metrics.binding_stage_share).toFixed(1)}% of the summed stage means); the step that loses the most recall@100 against the hidden-vector ceiling: the ${quality.biggestLoss}`,
    `quality over ${set.users.length} test users (${metrics.new_users} without history), each served once through the request path with its train items ${bool(ctx, 'excludeSeen') ? 'filtered out by the seen-items rule' : 'left in (excludeSeen = false; they never count as hits)'}; diversity is the mean intra-list distance on the world's hidden item vectors`,
    `memory counts the stack's resident arrays; the two-tower's tower weights and the JS heap around them are not counted`,
  ];
  // CPU per request: measured when requests did not overlap; with worker shards they do, so the serving thread's own
  // time (the request minus its wait for the shards) plus the shards' own search times stands in for it
  const cpuMs = report.cpu?.mean_ms ?? (sharded && sharded.shardMs.searches > 0 ? report.service.mean_ms - (report.stages.candidates?.mean_ms ?? 0) - (report.stages.merge?.mean_ms ?? 0) + sharded.shardMs.total / sharded.shardMs.searches : null);
  if (cpuMs !== null) {
    const candidatesShare = sharded ? (sharded.shardMs.total / Math.max(1, sharded.shardMs.searches)) / cpuMs : (report.stages.candidates?.mean_ms ?? 0) / (stageMeanSum || 1);
    // a cached model's training time is the one recorded when it was trained (its training steps), not this run's load
    const trainSeconds = stack.source.vectors === 'cache' && stack.twoTower ? stack.twoTower.trainMs / 1000 : stack.buildMs.vectors / 1000;
    const paper = paperTable(world.items.count, memory.bytes.item_vectors + memory.bytes.index, qps, cpuMs, Math.min(1, candidatesShare), ann, trainSeconds, num(ctx, 'machineMemoryGb'), shards);
    tables.push(paper.table);
    notes.push(...paper.notes);
    if (!report.cpu) notes.push('CPU per request for scaling on paper: requests overlapped (the shards answer from worker threads), so it is the serving thread\'s time outside the shard wait plus the shards\' own search times, not a CPU-time measurement');
  }
  if (precomputed) notes.push(`freshness = batch: lists precomputed for the ${new Set(pool).size} active users in ${(precomputed.ms / 1000).toFixed(2)} s, so the load test's requests are table lookups; the lists are as stale as the last run (the review cannot show staleness: its world does not move after the split). The quality figures are the full path's, which is what the batch job computes`);
  notes.push(cacheNote(stack, bool(ctx, 'cache')));
  if (embeddings === 'latent') notes.push(`embeddings = latent: the vectors are the world's ${world.config.latentDim}-dim hidden vectors plus noise, so the two-tower knobs (dim, negatives, logQ …) change nothing here`);
  if (ann === 'exact') notes.push('ann = exact: M, efConstruction and ef change nothing here');
  return { metrics, replicates, latency: load.latency, tables, notes };
}
