/**
 * `recsys-lab data build [--scale] [--seed] [--force]` generates (or verifies) the cached world;
 * `recsys-lab data info [--scale] [--json] [--quick]` shows what is cached and whether it is intact;
 * `recsys-lab data presets [--write]` prints (and writes datasets/presets/*.json from) src/data/presets.ts.
 * Progress goes to stderr (a bar on a TTY, one line per stage otherwise); Ctrl-C aborts the signal,
 * generation stops at its next checkpoint and nothing is written to the cache (exit 130 via main.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { listCache, type CacheEntryInfo } from '../../data/cache-inspect.js';
import { describeCacheEvent, type CacheEvent } from '../../data/cache.js';
import { cacheRoot } from '../../data/cache-files.js';
import { estimateWorldBytes, loadWorld } from '../../data/load-world.js';
import { presetConfig, resolveWorldConfig } from '../../data/presets.js';
import { SCALES } from '../../data/world-types.js';
import { packageRoot } from '../../scenario/catalog.js';
import { parseScale, parseSeed } from '../options.js';
import { writeFileAtomic } from '../out-file.js';
import { styler, useColor } from '../output.js';

/** share of total generation time per stage (measured at small scale), for one overall bar */
const STAGE_WEIGHTS: [string, number][] = [['catalog', 0.01], ['items', 0.09], ['users', 0.03], ['interactions', 0.87]];

function overall(stage: string, fraction: number): number {
  let before = 0;
  for (const [name, w] of STAGE_WEIGHTS) {
    if (name === stage) return before + w * fraction;
    before += w;
  }
  return before;
}

function progressPrinter(): { onProgress: (stage: string, fraction: number) => void; done: () => void } {
  const err = process.stderr;
  const tty = Boolean(err.isTTY);
  const t0 = performance.now();
  let lastStage = '';
  let lastDraw = 0;
  return {
    onProgress(stage, fraction) {
      const now = performance.now();
      if (!tty) {
        if (stage !== lastStage) err.write(`data: ${stage}… (${((now - t0) / 1000).toFixed(1)} s)\n`);
        lastStage = stage;
        return;
      }
      if (now - lastDraw < 80 && fraction < 1) return;
      lastDraw = now;
      const f = Math.min(1, overall(stage, fraction));
      const width = 28;
      const full = Math.round(f * width);
      err.write(`\r\x1b[2K${'█'.repeat(full)}${'░'.repeat(width - full)} ${(f * 100).toFixed(0).padStart(3)}%  ${stage}  ${((now - t0) / 1000).toFixed(1)} s`);
    },
    done() {
      if (tty) err.write('\r\x1b[2K');
    },
  };
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
const count = (n: number | undefined): string => (n === undefined ? '?' : n.toLocaleString('en-US'));

function age(seconds: number | null): string {
  if (seconds === null) return '?';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

export function registerDataCommand(program: Command, signal: () => AbortSignal): void {
  const data = program.command('data').description('build and inspect the cached synthetic world (datasets/cache)');
  data
    .command('build')
    .description('generate the world for a scale and seed and cache it (verifies and reuses a valid cache)')
    .option('--scale <scale>', 'tiny | small | full', 'small')
    .option('--seed <n>', 'world seed', '42')
    .option('--force', 'regenerate even when a valid cache exists')
    .action(async function (this: Command) {
      // local options only: main.ts enables positional options, so the root's --scale/--seed (for the TUI) stay there
      const opts = this.opts<{ scale: string; seed?: string; force?: boolean }>();
      const scale = parseScale(opts.scale);
      const seed = parseSeed(opts.seed) ?? 42;
      const config = resolveWorldConfig({ scale, seed });
      process.stderr.write(`data: world ${scale} seed ${seed}: ${count(config.numUsers)} users × ${count(config.numItems)} items, ` +
        `estimated peak ${mib(estimateWorldBytes(config))} while generating; cache ${cacheRoot()}\n`);
      const progress = progressPrinter();
      const t0 = performance.now();
      let source = 'cache (verified)';
      const onCacheEvent = (e: CacheEvent): void => {
        if (e.type === 'built') source = 'generated';
        const line = describeCacheEvent(e);
        if (line) {
          progress.done();
          process.stderr.write(line + '\n');
        }
      };
      try {
        const world = await loadWorld({ scale, seed, force: opts.force, signal: signal(), onProgress: progress.onProgress, onCacheEvent });
        progress.done();
        const st = styler(useColor());
        process.stdout.write(`${st.heading(`world ${scale} seed ${seed}`)} — ${source} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n` +
          `  users ${count(world.users.count)} · items ${count(world.items.count)} · interactions ${count(world.interactions.count)} ` +
          `(train ${count(world.split.trainCount)}, test ${count(world.interactions.count - world.split.trainCount)}, split at day ${world.split.trainEndDay})\n`);
      } finally {
        progress.done();
      }
    });
  registerPresetsCommand(data);
  data
    .command('info')
    .description('list cached artefacts with sizes, counts, age and whether their checksums hold')
    .option('--scale <scale>', 'only worlds of this scale: tiny | small | full')
    .option('--json', 'machine-readable output')
    .option('--quick', 'skip re-hashing the files (sizes and manifests only)')
    .action(function (this: Command) {
      const opts = this.opts<{ scale?: string; json?: boolean; quick?: boolean }>();
      const scale = opts.scale === undefined ? undefined : parseScale(opts.scale);
      const entries = listCache({ verify: !opts.quick }).filter((e) => !scale || (e.kind === 'world' && worldScale(e) === scale));
      if (opts.json) {
        process.stdout.write(JSON.stringify({ root: cacheRoot(), entries: entries.map(({ json: _json, ...rest }) => rest) }, null, 2) + '\n');
        return;
      }
      printInfo(entries, Boolean(opts.quick));
    });
}

function registerPresetsCommand(data: Command): void {
  data
    .command('presets')
    .description('print the scale presets of the world (sizes and choice-model weights) as JSON')
    .option('--write', 'also write them to datasets/presets/<scale>.json (the committed copies)')
    .action((opts: { write?: boolean }) => {
      const presets = Object.fromEntries(SCALES.map((s) => [s, presetConfig(s)]));
      if (opts.write) {
        const dir = join(packageRoot, 'datasets', 'presets');
        mkdirSync(dir, { recursive: true });
        for (const s of SCALES) writeFileAtomic(join(dir, `${s}.json`), JSON.stringify(presets[s], null, 2) + '\n');
        process.stderr.write(`data: wrote ${SCALES.map((s) => `${s}.json`).join(', ')} to ${dir}\n`);
      }
      process.stdout.write(JSON.stringify(presets, null, 2) + '\n');
    });
}

function worldScale(e: CacheEntryInfo): string | undefined {
  const config = e.json.config as { scale?: string } | undefined;
  return config?.scale;
}

function printInfo(entries: CacheEntryInfo[], quick: boolean): void {
  const st = styler(useColor());
  process.stdout.write(`${st.heading('cache')} ${cacheRoot()}\n`);
  if (entries.length === 0) {
    process.stdout.write(`  (empty — recsys-lab data build --scale tiny builds the smallest world)\n`);
    return;
  }
  for (const e of entries) {
    const ok = e.ok === null ? st.dim('not checked') : e.ok ? st.good('checksums ok') : st.bad(`BROKEN: ${e.problem ?? 'unknown'}`);
    process.stdout.write(`  ${e.key}\n    ${e.kind ?? '?'} v${String(e.version ?? '?')} · ${mib(e.bytes)} in ${e.files} files · age ${age(e.ageSeconds)} · ${ok}\n`);
    if (e.kind === 'world') {
      const split = e.json.split as { trainCount?: number } | undefined;
      const n = e.lengths['interactions.user'];
      process.stdout.write(`    users ${count(e.lengths['users.activity'])} · items ${count(e.lengths['items.category'])} · interactions ${count(n)}` +
        (split?.trainCount !== undefined && n !== undefined ? ` (train ${count(split.trainCount)}, test ${count(n - split.trainCount)})` : '') + '\n');
    }
  }
  if (quick) process.stdout.write(st.dim('  (--quick: files were not re-hashed)\n'));
}
