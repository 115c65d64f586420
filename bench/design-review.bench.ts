/**
 * The design review's targets (issue 18): the reference design built, trained, indexed, served at its target QPS and
 * scored — at small in under 60 s on 2 cores from a cold cache; at full in under 10 minutes cold and 5 minutes from a
 * cached world, embeddings and index, within 4 GB. Measured as a user runs it: a fresh process
 * (`recsys-lab design reference --set cache=true`), an empty cache, then the same command again with the world, the
 * trained two-tower and the HNSW index cached; peak resident memory from /usr/bin/time when present. Each run's own
 * stage times (build, quality, load test) are read from its document, with the load average it saw.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchEntry, BenchRow, BenchScale } from './types.js';

const root = join(import.meta.dirname, '..');
const TIME = '/usr/bin/time';
const COLD_TARGET_S: Record<BenchScale, number | undefined> = { tiny: undefined, small: 60, full: 600 };
const WARM_TARGET_S: Record<BenchScale, number | undefined> = { tiny: undefined, small: undefined, full: 300 };
const MEMORY_TARGET_GB = 4;

interface Timed {
  seconds: number;
  ok: boolean;
  /** peak resident set of the process, in GB (null without /usr/bin/time) */
  peakGb: number | null;
}

interface RunDoc {
  metrics: Record<string, number>;
  stages?: Record<string, number>;
  environment: { noise?: { loadAvg1: number } };
}

/** Wall seconds of one `design` command in a fresh process, and its peak RSS when /usr/bin/time can say. */
function timeReview(scale: BenchScale, cacheDir: string, out: string): Promise<Timed> {
  // cache=true at every scale (the knob is on by default only at full): the second run then reuses the same three artefacts everywhere
  const node = [process.execPath, '--import', 'tsx', join(root, 'src/cli/main.ts'), 'design', 'reference', '--scale', scale, '--set', 'cache=true', '--format', 'json', '--out', out, '-q'];
  const withTime = existsSync(TIME);
  const [cmd, ...args] = withTime ? [TIME, '-f', 'peak-kb %M', ...node] : node;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, RECSYS_LAB_CACHE_DIR: cacheDir, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const kb = /peak-kb (\d+)/.exec(err);
      resolve({ seconds: (performance.now() - started) / 1000, ok: code === 0, peakGb: kb ? Number(kb[1]) / 1e6 : null });
    });
  });
}

const readRun = (file: string): RunDoc => (JSON.parse(readFileSync(file, 'utf8')) as { run: RunDoc }).run;
const loadNote = (doc: RunDoc): string => `load average ${doc.environment.noise?.loadAvg1.toFixed(2) ?? '?'} during the run`;

/** One row per part of a run's build and per later stage, from its own document. */
function stageRows(label: string, doc: RunDoc): BenchRow[] {
  const m = doc.metrics;
  const parts: [string, number | undefined][] = [
    ['two-tower trained (and stored)', m.train_embeddings_s],
    ['two-tower loaded from the cache', m.embeddings_load_s],
    [`HNSW index built as ${m.index_graphs} graphs (and stored)`, m.index_build_s],
    ['HNSW index loaded from the cache', m.index_load_s],
    ['GBDT ranker trained', m.ranker_train_s],
  ];
  const rows: BenchRow[] = parts.filter(([, v]) => typeof v === 'number').map(([name, v]) => ({ name: `${label}: ${name}`, value: v!, unit: 's', note: loadNote(doc) }));
  for (const [stage, ms] of Object.entries(doc.stages ?? {})) if (!stage.startsWith('build')) rows.push({ name: `${label}: stage "${stage}"`, value: ms / 1000, unit: 's' });
  return rows;
}

export const entry: BenchEntry = {
  id: 'design-review',
  title: 'Design review: the reference design built, served at its target QPS and scored (fresh processes)',
  async run(ctx) {
    const cache = mkdtempSync(join(tmpdir(), 'recsys-lab-design-'));
    const coldOut = join(cache, 'review-cold.json');
    const warmOut = join(cache, 'review-cached.json');
    try {
      ctx.log(`design reference --scale ${ctx.scale} (empty cache)`);
      const cold = await timeReview(ctx.scale, cache, coldOut);
      ctx.log(`design reference --scale ${ctx.scale} (world, two-tower and index cached)`);
      const warm = await timeReview(ctx.scale, cache, warmOut);
      const rows: BenchRow[] = [];
      const cTarget = COLD_TARGET_S[ctx.scale];
      const wTarget = WARM_TARGET_S[ctx.scale];
      const coldDoc = cold.ok ? readRun(coldOut) : null;
      const warmDoc = warm.ok ? readRun(warmOut) : null;
      rows.push({ name: `design reference, ${ctx.scale}, empty cache (process start to scorecard)`, value: cold.seconds, unit: 's', ...(cTarget ? { target: `< ${cTarget} s`, met: cold.ok && cold.seconds < cTarget } : {}), note: coldDoc ? loadNote(coldDoc) : 'the review failed' });
      rows.push({ name: 'the same, world, two-tower and index cached', value: warm.seconds, unit: 's', ...(wTarget ? { target: `< ${wTarget} s`, met: warm.ok && warm.seconds < wTarget } : {}), note: warmDoc ? loadNote(warmDoc) : 'the review failed' });
      const peak = Math.max(cold.peakGb ?? 0, warm.peakGb ?? 0);
      if (cold.peakGb !== null) rows.push({ name: 'peak resident memory of the review process (the larger of the two runs)', value: peak, unit: 'GB', target: `< ${MEMORY_TARGET_GB} GB`, met: peak < MEMORY_TARGET_GB, note: `empty cache ${cold.peakGb.toFixed(2)} GB, cached ${warm.peakGb?.toFixed(2) ?? '?'} GB` });
      if (coldDoc) rows.push(...stageRows('empty cache', coldDoc));
      if (warmDoc) {
        rows.push(...stageRows('cached', warmDoc));
        const m = warmDoc.metrics;
        rows.push({ name: 'reference design: end-to-end p99 at its target QPS (open loop)', value: m.p99_ms, unit: 'ms', target: '< 100 ms (its budget)', met: m.p99_ms < 100, note: loadNote(warmDoc) });
        rows.push({ name: 'reference design: retrieval recall@100 of new items', value: m.recall_at_100, unit: '', ...(coldDoc ? { note: `the empty-cache run: ${coldDoc.metrics.recall_at_100.toFixed(4)} (the same model and index)` } : {}) });
        rows.push({ name: 'reference design: the stack’s resident arrays (memory model)', value: m.memory_total_mb, unit: 'MB' });
      }
      return rows;
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  },
};
