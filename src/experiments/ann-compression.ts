/**
 * What an index costs per vector and what it gives back in recall: exact search, HNSW, IVF-flat, IVF-PQ (a grid
 * of pqM × nbits, each with and without exact re-ranking) and SQ8 on the world's item vectors, with recall@10
 * against exact search, p50/p99 through the measurement protocol (all variants interleaved), build times, the
 * bytes each keeps per vector, and the arithmetic of the same indexes at 10M and 100M items (stated as such:
 * bytes per vector × items, plus the fixed tables; never measured at that size).
 *
 * Recall is a mean over queries: replicates resample the queries, paired across every variant ('ann-queries'),
 * so a difference such as the re-ranking gain gets its own interval. Latencies get replicates over the calls.
 */
import { mean } from '../core/stats.js';
import { UsageError } from '../core/errors.js';
import { deriveReplicates } from '../core/resample.js';
import { logCacheProblems } from '../data/cache.js';
import { createAnnIndex, getOrBuildAnn, getOrBuildHnsw, quantizationEngine, type AnnIndex, type AnnSearchOptions, type CachedAnnRequest, type IvfIndex, type Sq8Index } from '../retrieval/index.js';
import { annVectorsFromWorld } from './ann-vectors.js';
import { recallPerQuery, searchAll, timeSearches, type SearchVariant } from './ann-timing.js';
import { extrapolate, type KindBytes } from './ann-compression-memory.js';
import { bool, num } from './param-readers.js';
import { timingQuantile } from './timing-replicates.js';
import type { Experiment, ExperimentContext, Series } from './types.js';

const K = 10;
const QUERIES = 'ann-queries';
const TIMES = 'ann-calls';

interface Knobs {
  items: number; dim: number; queries: number; nlist: number; nprobe: number; pqM: number; nbits: number; rerank: number;
  iterations: number; M: number; efConstruction: number; ef: number; samples: number; machineGb: number; cache: boolean;
}

function knobs(ctx: ExperimentContext): Knobs {
  const k: Knobs = {
    items: num(ctx, 'items'), dim: num(ctx, 'dim'), queries: num(ctx, 'queries'), nlist: num(ctx, 'nlist'), nprobe: num(ctx, 'nprobe'),
    pqM: num(ctx, 'pqM'), nbits: num(ctx, 'nbits'), rerank: num(ctx, 'rerank'), iterations: num(ctx, 'iterations'),
    M: num(ctx, 'M'), efConstruction: num(ctx, 'efConstruction'), ef: num(ctx, 'ef'), samples: num(ctx, 'samples'), machineGb: num(ctx, 'machineGb'), cache: bool(ctx, 'cache'),
  };
  if (k.dim % k.pqM !== 0) throw new UsageError(`ann-compression: pqM = ${k.pqM} must divide dim = ${k.dim}`);
  if (k.nprobe > k.nlist) throw new UsageError(`ann-compression: nprobe = ${k.nprobe} exceeds nlist = ${k.nlist}`);
  return k;
}

/** The nprobe values of the sweep (those ≤ nlist) and the knob's own. */
function nprobeValues(ctx: ExperimentContext, k: Knobs): number[] {
  const values = ctx.sweep?.param === 'nprobe' ? ctx.sweep.values.map(Number) : [];
  for (const v of values) if (!Number.isInteger(v) || v < 1) throw new UsageError(`ann-compression: nprobe values must be integers ≥ 1, got ${v}`);
  return [...new Set([...values.filter((v) => v <= k.nlist), k.nprobe])].sort((a, b) => a - b);
}

/** The PQ grid: pqM/2, pqM, 2·pqM (those dividing dim) at nbits, and pqM at 4 bits when nbits is above 4. */
function pqGrid(k: Knobs): { pqM: number; nbits: number }[] {
  const ms = [k.pqM / 2, k.pqM, 2 * k.pqM].filter((m) => Number.isInteger(m) && m >= 1 && k.dim % m === 0);
  const grid = ms.map((pqM) => ({ pqM, nbits: k.nbits }));
  if (k.nbits > 4) grid.push({ pqM: k.pqM, nbits: 4 });
  return grid;
}

const pqName = (g: { pqM: number; nbits: number }) => `ivfpq m${g.pqM}×${g.nbits}b`;

/** Built (and cached) through getOrBuildAnn, which adds in chunks between ticks; the first chunk trains. */
async function buildCached(ctx: ExperimentContext, k: Knobs, label: string, options: CachedAnnRequest['options'], items: Float32Array, cached: string[]): Promise<{ index: AnnIndex; seconds: number }> {
  const r = await getOrBuildAnn({
    options, vectors: items, force: !k.cache,
    source: { from: 'world-latent', scale: ctx.scale, seed: ctx.seed, items: items.length / k.dim, dim: k.dim },
    onProgress: (f) => ctx.progress(`build ${label}`, f), onTick: () => ctx.tick(), signal: ctx.signal, onEvent: logCacheProblems((m) => ctx.log(m)),
  });
  if (r.source === 'disk') cached.push(label);
  return { index: r.index, seconds: r.buildSeconds };
}

interface Variant {
  name: string;
  index: AnnIndex;
  opts: AnnSearchOptions;
  perQuery: Float64Array;
  recall: number;
}

export const experiment: Experiment = {
  id: 'ann-compression',
  description: 'Exact, HNSW, IVF, IVF-PQ (with and without re-ranking) and SQ8: recall@10, bytes per vector, latency and build time; the same at 100M items by arithmetic',
  handlesSweep: true,
  async run(ctx) {
    const k = knobs(ctx);
    const world = await ctx.stage('world', () => ctx.world());
    const v = await ctx.stage('vectors', () => annVectorsFromWorld(world, k.items, k.queries, k.dim, ctx.rng('ann-vectors')));
    if (v.itemCount < k.nlist) throw new UsageError(`ann-compression: nlist = ${k.nlist} cells need at least as many items, got ${v.itemCount}`);
    const n = v.itemCount;
    const base = { dim: k.dim, metric: 'ip' as const, maxElements: n };
    const exact = createAnnIndex({ kind: 'exact', ...base });
    exact.addBatch(v.items);
    const truth = await ctx.stage('exact search', () => searchAll(exact, v.queries, K));
    const build: Record<string, number> = {};
    const cached: string[] = [];
    const hnsw = await ctx.stage('build hnsw', async () => {
      const r = await getOrBuildHnsw({
        options: { ...base, M: k.M, efConstruction: k.efConstruction, seed: ctx.seed }, vectors: v.items, shards: 1,
        source: { from: 'world-latent', scale: ctx.scale, seed: ctx.seed, items: n, dim: k.dim },
        onProgress: (f) => ctx.progress('build hnsw', f), onTick: () => ctx.tick(), signal: ctx.signal, onEvent: logCacheProblems((m) => ctx.log(m)),
      });
      build.hnsw = r.buildSeconds;
      if (r.source === 'disk') cached.push('hnsw');
      return r.index;
    });
    const train = 256 * k.nlist;
    const ivfBuilt = await ctx.stage('build ivf', () => buildCached(ctx, k, 'ivf', { kind: 'ivf', ...base, nlist: k.nlist, iterations: k.iterations, seed: ctx.seed }, v.items, cached));
    const ivf = ivfBuilt.index as IvfIndex;
    build.ivf = ivfBuilt.seconds;
    const grid = pqGrid(k);
    const pqs: { g: { pqM: number; nbits: number }; index: IvfIndex }[] = [];
    for (const g of grid) {
      const b = await ctx.stage(`build ${pqName(g)}`, () => buildCached(ctx, k, pqName(g), { kind: 'ivfpq', ...base, nlist: k.nlist, iterations: k.iterations, seed: ctx.seed, pqM: g.pqM, nbits: g.nbits, keepRaw: true }, v.items, cached));
      build[pqName(g)] = b.seconds;
      pqs.push({ g, index: b.index as IvfIndex });
    }
    const sqBuilt = await ctx.stage('build sq8', () => buildCached(ctx, k, 'sq8', { kind: 'sq8', ...base, keepRaw: true }, v.items, cached));
    const sq8 = sqBuilt.index as Sq8Index;
    build.sq8 = sqBuilt.seconds;
    const head = pqs.find((p) => p.g.pqM === k.pqM && p.g.nbits === k.nbits)!.index;

    const bs = ctx.bootstrap;
    const variant = (name: string, index: AnnIndex, opts: AnnSearchOptions = {}): Variant => {
      const perQuery = recallPerQuery(searchAll(index, v.queries, K, opts), truth, K);
      return { name, index, opts, perQuery, recall: mean(perQuery) };
    };
    const probes = nprobeValues(ctx, k);
    const sweep = await ctx.stage('recall across nprobe', () => probes.map((p) => ({
      nprobe: p,
      ivf: variant(`ivf nprobe=${p}`, ivf, { nprobe: p }),
      pq: variant(`ivfpq nprobe=${p}`, head, { nprobe: p, rerank: 0 }),
      rerank: variant(`ivfpq+rerank nprobe=${p}`, head, { nprobe: p, rerank: k.rerank }),
    })));
    const at = sweep.find((s) => s.nprobe === k.nprobe)!;
    const curve = pqs.map((p) => ({
      g: p.g, index: p.index,
      plain: variant(pqName(p.g), p.index, { nprobe: k.nprobe, rerank: 0 }),
      rerank: variant(`${pqName(p.g)}+rerank`, p.index, { nprobe: k.nprobe, rerank: k.rerank }),
    }));
    const headline: Variant[] = [
      variant('hnsw', hnsw, { ef: k.ef }), at.ivf, at.pq, at.rerank,
      variant('sq8', sq8, { rerank: 0 }), variant('sq8+rerank', sq8, { rerank: k.rerank }),
    ];
    const timedVariants: Record<string, SearchVariant> = { exact: { index: exact } };
    for (const h of headline) timedVariants[h.name] = { index: h.index, opts: h.opts };
    for (const s of sweep) timedVariants[s.rerank.name] = { index: head, opts: s.rerank.opts };
    const timed = await ctx.stage('timed searches (every variant interleaved)', () => timeSearches(timedVariants, v.queries, K, {
      label: 'ann-compression search', quantile: 0.99, minSamples: k.samples, maxSamples: 2 * k.samples, budgetMs: 1500, trials: 10,
      tick: () => ctx.tick(), signal: ctx.signal,
    }));
    const p50 = (name: string) => bs.quantile(timed[name].samples, 0.5, TIMES);
    const exactP50 = p50('exact');

    // bytes per vector kept in memory by the index itself (codes and ids); raw vectors for re-ranking apart
    const perVec = (bytes: number) => bytes / n;
    const mHead = head.memory();
    const kinds: KindBytes[] = [
      { key: 'raw', kind: 'raw float vectors (exact search)', perVector: 4 * k.dim, fixed: 0 },
      { key: 'hnsw', kind: `hnsw (M ${k.M}, vectors and links)`, perVector: perVec(hnsw.memoryBytes()), fixed: 0 },
      { key: 'ivf', kind: 'ivf (vectors and ids in lists)', perVector: perVec(ivf.memory().codes + ivf.memory().ids), fixed: ivf.memory().fixed },
      { key: 'ivfpq', kind: `ivfpq (pqM ${k.pqM}, ${k.nbits} bits; codes and ids)`, perVector: perVec(mHead.codes + mHead.ids), fixed: mHead.fixed },
      { key: 'sq8', kind: 'sq8 (codes)', perVector: perVec(sq8.memory().codes + sq8.memory().ids), fixed: sq8.memory().fixed },
    ];
    const extra = extrapolate(kinds, [1e7, 1e8], k.machineGb);
    const scanned = Float64Array.from({ length: v.queryCount }, (_, q) => ivf.scannedBy(v.queries.subarray(q * k.dim, (q + 1) * k.dim), k.nprobe) / n);
    const reps = (x: Variant) => bs.mean(QUERIES, x.perQuery);
    const [rPq, rRerank] = [reps(at.pq), reps(at.rerank)];
    const metrics: Record<string, number> = {
      items: n, dim: k.dim, nlist: k.nlist, nprobe: k.nprobe, pq_m: k.pqM, nbits: k.nbits, rerank: k.rerank,
      raw_bytes_per_vector: 4 * k.dim,
      hnsw_bytes_per_vector: kinds[1].perVector, ivf_bytes_per_vector: kinds[2].perVector,
      ivfpq_bytes_per_vector: kinds[3].perVector, sq8_bytes_per_vector: kinds[4].perVector,
      ivfpq_fixed_bytes: mHead.fixed, ivfpq_raw_bytes_per_vector: perVec(mHead.raw),
      hnsw_recall_at_10: headline[0].recall, ivf_recall_at_10: at.ivf.recall, ivfpq_recall_at_10: at.pq.recall,
      ivfpq_rerank_recall_at_10: at.rerank.recall, sq8_recall_at_10: headline[4].recall, sq8_rerank_recall_at_10: headline[5].recall,
      rerank_gain: at.rerank.recall - at.pq.recall, ivf_scanned_share: mean(scanned),
      exact_p50_ms: timed.exact.summary.p50_ms, exact_p99_ms: timed.exact.summary.p99_ms,
      ivfpq_rerank_speedup_p50: timed.exact.summary.p50_ms / timed[at.rerank.name].summary.p50_ms,
    };
    const replicates: Record<string, ArrayLike<number>> = {
      hnsw_recall_at_10: reps(headline[0]), ivf_recall_at_10: reps(at.ivf), ivfpq_recall_at_10: rPq, ivfpq_rerank_recall_at_10: rRerank,
      sq8_recall_at_10: reps(headline[4]), sq8_rerank_recall_at_10: reps(headline[5]),
      rerank_gain: Float64Array.from(rRerank, (x, b) => x - rPq[b]),
      ivf_scanned_share: bs.mean(QUERIES, scanned),
      exact_p50_ms: exactP50, exact_p99_ms: timingQuantile(bs, timed.exact.samples, 0.99, TIMES)!,
      ivfpq_rerank_speedup_p50: deriveReplicates([exactP50, p50(at.rerank.name)], (e, x) => e / x),
    };
    const short: Record<string, string> = { hnsw: 'hnsw', [at.ivf.name]: 'ivf', [at.pq.name]: 'ivfpq', [at.rerank.name]: 'ivfpq_rerank', sq8: 'sq8', 'sq8+rerank': 'sq8_rerank' };
    for (const h of headline) {
      const s = timed[h.name].summary;
      Object.assign(metrics, { [`${short[h.name]}_p50_ms`]: s.p50_ms, [`${short[h.name]}_p99_ms`]: s.p99_ms });
      replicates[`${short[h.name]}_p50_ms`] = p50(h.name);
      replicates[`${short[h.name]}_p99_ms`] = timingQuantile(bs, timed[h.name].samples, 0.99, TIMES)!;
    }
    Object.assign(metrics, { hnsw_build_seconds: build.hnsw, ivf_build_seconds: build.ivf, ivfpq_build_seconds: build[pqName({ pqM: k.pqM, nbits: k.nbits })], sq8_build_seconds: build.sq8 });
    for (const e of extra.metrics) metrics[e.name] = e.value;

    const series: Series[] = [
      {
        name: 'nprobe-sweep', x: 'nprobe',
        points: sweep.map((s) => ({ nprobe: s.nprobe, ivf_recall_at_10: s.ivf.recall, ivfpq_recall_at_10: s.pq.recall, ivfpq_rerank_recall_at_10: s.rerank.recall, ivfpq_rerank_p50_ms: timed[s.rerank.name].summary.p50_ms })),
      },
      {
        name: 'pq-bytes', x: 'code_bytes',
        points: curve.filter((c) => c.g.nbits === k.nbits).map((c) => ({ code_bytes: c.g.pqM * c.g.nbits / 8, ivfpq_recall_at_10: c.plain.recall, ivfpq_rerank_recall_at_10: c.rerank.recall })),
      },
    ];
    const engine = quantizationEngine();
    const rows = [
      ['exact', 4 * k.dim, '—', 1, timed.exact.summary.p50_ms, timed.exact.summary.p99_ms, 0],
      ...headline.map((h) => [h.name, bytesOf(h.name, metrics), h.name.includes('rerank') ? 4 * k.dim : '—', h.recall, timed[h.name].summary.p50_ms, timed[h.name].summary.p99_ms, cached.includes(cacheLabel(h.name, k)) ? 'cached' : buildOf(h.name, build, k)]),
    ];
    return {
      metrics,
      replicates,
      series,
      latency: Object.fromEntries(['exact', ...headline.map((h) => h.name)].map((name) => [name, timed[name].summary])),
      tables: [
        {
          title: 'every index at the headline nprobe and rerank',
          columns: ['index', 'bytes/vector', 'raw bytes read by rerank', 'recall@10', 'p50 ms', 'p99 ms', 'build s'],
          rows: rows.map((r) => r.map((c) => (typeof c === 'number' && !Number.isInteger(c) ? Number(c.toFixed(3)) : c))),
        },
        {
          title: 'product quantization grid',
          columns: ['pqM', 'nbits', 'code bytes (packed)', 'stored bytes + id (one byte a sub-space)', 'recall@10', `recall@10, rerank ${k.rerank}`, 'build s'],
          rows: curve.map((c) => [c.g.pqM, c.g.nbits, c.g.pqM * c.g.nbits / 8, c.g.pqM + 4, c.plain.recall.toFixed(3), c.rerank.recall.toFixed(3), cached.includes(pqName(c.g)) ? 'cached' : build[pqName(c.g)].toFixed(2)]),
        },
        extra.table,
      ],
      notes: [
        `${n.toLocaleString('en-US')} items × ${k.dim} dims (inner product), ${v.queryCount} user-taste queries; nlist ${k.nlist}, k-means on at most 256 · nlist = ${train.toLocaleString('en-US')} sampled items, ${k.iterations} iterations; distance loops: ${engine.engine}${engine.engine === 'js' ? ` (${engine.reason})` : ' kernels'}`,
        `tables: bytes per vector are the codes and ids the index keeps in memory; re-ranking also reads ${4 * k.dim} raw bytes per candidate; every PQ row is at nprobe ${k.nprobe}, rerank ${k.rerank}`,
        `at nprobe ${k.nprobe} a query scans ${(100 * metrics.ivf_scanned_share).toFixed(1)}% of the items on average (lists are as balanced as k-means makes them)`,
        `re-ranking fetches the best max(rerank, 10) = ${Math.max(k.rerank, K)} by code score and re-scores them on the raw vectors: in a deployment those sit on SSD or a cheaper tier, read ${Math.max(k.rerank, K)} × ${4 * k.dim} bytes per query`,
        `latency: ${timed.exact.summary.n} single-query calls per variant, ${Object.keys(timedVariants).length} variants interleaved; ${cached.length ? `loaded from the artefact cache (build times not re-measured; cache=false rebuilds): ${cached.join(', ')}` : 'every index built in this run'}`,
        'the 10M and 100M figures are arithmetic (bytes per vector measured here × items + the fixed tables), not measurements',
        ...(v.note ? [v.note] : []),
      ],
    };
  },
};

function bytesOf(name: string, m: Record<string, number>): number {
  if (name === 'hnsw') return m.hnsw_bytes_per_vector;
  if (name.startsWith('ivfpq')) return m.ivfpq_bytes_per_vector;
  if (name.startsWith('ivf')) return m.ivf_bytes_per_vector;
  return m.sq8_bytes_per_vector;
}

/** The build label of a headline variant's index. */
function cacheLabel(name: string, k: Knobs): string {
  if (name === 'hnsw' || name.startsWith('sq8')) return name.startsWith('sq8') ? 'sq8' : 'hnsw';
  if (name.startsWith('ivfpq')) return pqName({ pqM: k.pqM, nbits: k.nbits });
  return 'ivf';
}

function buildOf(name: string, build: Record<string, number>, k: Knobs): number {
  if (name === 'hnsw') return build.hnsw;
  if (name.startsWith('ivfpq')) return build[pqName({ pqM: k.pqM, nbits: k.nbits })];
  if (name.startsWith('ivf')) return build.ivf;
  return build.sq8;
}
