/**
 * `npm run bench [-- --only id1,id2] [--scale tiny|small|full] [--seed n] [--scenarios id,id]`
 * Runs the benchmark entries, prints one table with figures, anchors and ratios, and writes
 * bench/results.json (merged by entry id, so running one entry keeps the others' last figures).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { entries } from './entries.js';
import type { BenchRow, BenchScale } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv: string[]): { only: string[] | null; scale: BenchScale; seed: number; scenarios?: string[] } {
  let only: string[] | null = null;
  let scale: BenchScale = 'small';
  let seed = 42;
  let scenarios: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') only = argv[++i].split(',');
    else if (a === '--scale') {
      const s = argv[++i];
      if (s !== 'tiny' && s !== 'small' && s !== 'full') {
        console.error(`bench: --scale must be tiny, small or full, got ${s}`);
        process.exit(2);
      }
      scale = s;
    } else if (a === '--seed') seed = Number(argv[++i]);
    else if (a === '--scenarios') scenarios = argv[++i].split(',');
    else {
      console.error(`bench: unknown argument ${a}; usage: npm run bench -- [--only id,id] [--scale tiny|small|full] [--seed n] [--scenarios id,id]`);
      process.exit(2);
    }
  }
  return { only, scale, seed, scenarios };
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  if (a >= 10) return v.toFixed(1);
  if (a >= 0.01) return v.toFixed(3);
  return v.toPrecision(3);
}

async function main(): Promise<void> {
  const { only, scale, seed, scenarios } = parseArgs(process.argv.slice(2));
  const loaded = await Promise.all(entries.map((load) => load()));
  const known = loaded.map((e) => e.id);
  if (only) {
    const unknown = only.filter((id) => !known.includes(id));
    if (unknown.length) {
      console.error(`bench: unknown entry ${unknown.join(', ')}; known: ${known.join(', ')}`);
      process.exit(2);
    }
  }
  const chosen = loaded.filter((e) => !only || only.includes(e.id));
  const resultsPath = join(here, 'results.json');
  const previous = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : { entries: {} };
  const out: Record<string, { title: string; scale: BenchScale; at: string; rows: BenchRow[] }> = previous.entries ?? {};
  const lines: string[] = [];
  for (const entry of chosen) {
    process.stderr.write(`bench: ${entry.id} (${entry.title}) at scale ${scale}…\n`);
    const rows = await entry.run({ scale, seed, scenarios, log: (m) => process.stderr.write(`  ${m}\n`) });
    out[entry.id] = { title: entry.title, scale, at: new Date().toISOString(), rows };
    lines.push(`\n${entry.title} [${entry.id}, scale ${scale}]`);
    for (const r of rows) {
      const anchor = r.anchor ? `${r.anchor.name}: ${fmt(r.anchor.value)} ${r.anchor.unit}` : '';
      const ratio = r.ratio !== undefined ? `ratio ${r.ratio.toFixed(2)}×` : '';
      const target = r.target ? `target ${r.target} ${r.met === undefined ? '' : r.met ? '✓' : '✗'}` : '';
      lines.push(`  ${r.name.padEnd(52)} ${fmt(r.value).padStart(12)} ${r.unit.padEnd(10)} ${[anchor, ratio, target].filter(Boolean).join(' │ ')}`);
      if (r.note) lines.push(`  ${''.padEnd(52)} ${r.note}`);
    }
    console.log(lines.slice(-rows.length - rows.filter((r) => r.note).length - 1).join('\n'));
  }
  const doc = {
    schema: 'recsys-lab/bench@1',
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    entries: out,
  };
  const tmp = `${resultsPath}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(doc, null, 2) + '\n');
  renameSync(tmp, resultsPath);
  process.stderr.write(`bench: wrote ${resultsPath}\n`);
}

main().catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
