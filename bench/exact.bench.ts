/**
 * Exact search against the memory: the native kernel (src/native/exact) for one query and for a batch, beside the
 * streaming-read bound measured in the same run by the same addon (one pass summing the matrix, wide accumulators) and
 * the JS reference (src/retrieval/exact-js.ts). Inner product over normalised vectors the bench draws fresh from its
 * seed. Targets (issue 23): one query ≥ 0.7× the bound's speed; a batch amortises the pass (per query < one query).
 * Every call goes through src/measure, the variants interleaved so a busy minute hits them alike.
 */
import { createAnnIndex } from '../src/retrieval/index.js';
import { ExactIndex } from '../src/retrieval/exact.js';
import { resolveAnnOptions } from '../src/retrieval/ann-options.js';
import { loadNative, nativeStatus } from '../src/native/addon.js';
import { measure, measureInterleaved, type Measurement } from '../src/measure/index.js';
import { benchVectors } from './ann-bench-data.js';
import type { BenchEntry, BenchRow } from './types.js';

const DIM = 64, K = 10, BATCH = 16;
const SIZES = { tiny: 100_000, small: 1_000_000, full: 1_000_000 } as const;

const note = (m: Measurement, per = 1): string => {
  const s = m.summary;
  return `n ${s.n}, p50 ${(s.p50_ms / per).toFixed(2)} [${(s.ci!.p50[0] / per).toFixed(2)}–${(s.ci!.p50[1] / per).toFixed(2)}] ms, CPU share ${m.cpuShare.toFixed(2)}`;
};

export const entry: BenchEntry = {
  id: 'exact',
  title: 'Exact search (native kernel) against the streaming-read bound and the JS reference, one query and batched',
  async run(ctx) {
    const addon = loadNative();
    if (!addon) return [{ name: 'exact search, native', value: NaN, unit: '', note: `skipped: the addon is ${nativeStatus().reason}` }];
    const n = SIZES[ctx.scale];
    const label = `${n.toLocaleString('en-US')}×${DIM}`;
    const nq = 64;
    const { items, queries } = benchVectors(ctx.seed + 23, n, nq, DIM);
    const index = createAnnIndex({ kind: 'exact', dim: DIM, metric: 'ip', maxElements: n });
    index.addBatch(items);
    const js = new ExactIndex(resolveAnnOptions({ kind: 'exact', dim: DIM, metric: 'ip', maxElements: n }), 'js');
    js.addBatch(items);
    const q = (i: number) => queries.subarray((i % nq) * DIM, ((i % nq) + 1) * DIM);
    const batch = (i: number) => queries.subarray(((i * BATCH) % nq) * DIM, (((i * BATCH) % nq) + BATCH) * DIM);
    let sink = 0;
    ctx.log(`exact search ${label}: stream bound, one query, ${BATCH}-query batch…`);
    const m = await measureInterleaved({
      stream: () => { sink += addon.streamRead(items); },
      one: (i: number) => index.search(q(i), K),
      batch: (i: number) => index.searchBatch(batch(i), K),
    }, { label: 'exact search', quantile: 0.5, warmup: 2, minSamples: 20, maxSamples: 60, budgetMs: 6000 });
    ctx.log('the JS reference, one query…');
    const jsM = await measure((i) => js.search(q(i), K), { label: 'exact search js', quantile: 0.5, warmup: 1, minSamples: 5, maxSamples: 20, budgetMs: 3000 });
    if (sink === 0.5) throw new Error('unreachable: keeps the stream from being optimised away');
    const bound = m.stream.summary.p50_ms;
    const one = m.one.summary.p50_ms;
    const per = m.batch.summary.p50_ms / BATCH;
    const gbps = (n * DIM * 4) / (bound / 1000) / 1e9;
    const rows: BenchRow[] = [
      { name: `streaming read of ${label} floats (the bound)`, value: bound, unit: 'ms', note: `${gbps.toFixed(1)} GB/s; ${note(m.stream)}` },
      { name: `exact search ${label}, one query (native)`, value: one, unit: 'ms', anchor: { name: 'streaming-read bound, same run', value: bound, unit: 'ms' },
        ratio: bound / one, target: '≥ 0.7 of the bound', met: bound / one >= 0.7, note: `ratio = bound ÷ ours (1 = at the memory's pace); ${note(m.one)}` },
      { name: `exact search ${label}, per query in a ${BATCH}-query searchBatch (native)`, value: per, unit: 'ms', anchor: { name: 'streaming-read bound, same run', value: bound, unit: 'ms' },
        ratio: bound / per, target: 'below one query (the pass amortised)', met: per < one, note: `ratio = bound ÷ ours per query (> 1: the batch reads the matrix once for all); ${note(m.batch, BATCH)}` },
      { name: `exact search ${label}, one query: native vs the JS reference`, value: one, unit: 'ms', anchor: { name: 'JS reference (exact-js.ts)', value: jsM.summary.p50_ms, unit: 'ms' },
        ratio: jsM.summary.p50_ms / one, note: `ratio = JS ÷ native; JS ${note(jsM)}` },
    ];
    return rows;
  },
};
