// The behaviour snapshot: every scenario's metrics (and sweep points) on the tiny world, seed 42, at the suite's knobs
// (test/scenario/suite-knobs.yaml: tiny's defaults, or smaller where a scenario's entry says so), as committed in
// test/scenario/golden/<id>.json. A refactor must leave them where they were; a change that moves them on purpose
// (a new default, a fixed bug, a scenario's suite knobs) rewrites them with
//   UPDATE_GOLDEN=1 npx vitest run test/scenario/every-scenario
// and the diff of the JSON shows which numbers moved (say why in the commit).
// Timings are left out: anything a clock measured, or computed from what a clock measured, differs run to run
// (src/scenario/clock-metrics.ts says which).
// A two-tower model's numbers depend on the engine that trained it, and the native engine's on the vector width it was
// compiled for: each engine has its own entry, and an entry made on another machine is not compared here.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNative } from '../../src/native/addon.js';
import { isClockMetric } from '../../src/scenario/clock-metrics.js';
import type { RunResult } from '../../src/scenario/types.js';

export const goldenDir = join(import.meta.dirname, '..', 'scenario', 'golden');
export const updating = process.env.UPDATE_GOLDEN === '1';

export interface GoldenEntry {
  metrics: Record<string, number>;
  /** series name → one record per point, clock metrics left out */
  series: Record<string, Record<string, number | string>[]>;
}

/** The run's numbers with every clock metric left out. */
export function goldenOf(r: RunResult): GoldenEntry {
  const keep = (o: Record<string, unknown>): Record<string, number> =>
    Object.fromEntries(Object.entries(o).filter(([k, v]) => typeof v === 'number' && !isClockMetric(k)).sort(([a], [b]) => a.localeCompare(b))) as Record<string, number>;
  const series: GoldenEntry['series'] = {};
  for (const s of r.series) {
    series[s.name] = s.points.map((p) => {
      const out: Record<string, number | string> = keep(p);
      if (typeof p[s.x] === 'string') out[s.x] = p[s.x] as string;
      return out;
    });
  }
  return { metrics: keep(r.metrics), series };
}

/**
 * Which entry a run is held against: 'default' when no two-tower model was trained, else the engine that trained it
 * ('js', 'tfjs (wasm)', 'native (2 threads) · 16-float vectors').
 */
export function engineKey(r: RunResult): string {
  const e = r.environment.twoTowerEngine;
  if (e === undefined) return 'default';
  // the addon reports the width it was compiled for (-march=native): 16 floats with AVX-512, 8 with AVX, else 4
  return String(e).startsWith('native') ? `${e} · ${loadNative()?.vectorWidth()}-float vectors` : String(e);
}

/** Entries that hold on every machine; the others (native, tfjs) were made on one machine and hold there. */
export function isPortableKey(key: string): boolean {
  return key === 'default' || key === 'js';
}

function file(id: string): string {
  return join(goldenDir, `${id}.json`);
}

export function readGolden(id: string): Record<string, GoldenEntry> {
  return existsSync(file(id)) ? (JSON.parse(readFileSync(file(id), 'utf8')) as Record<string, GoldenEntry>) : {};
}

/** Writes one engine's entry, keeping the others. */
export function writeGolden(id: string, key: string, entry: GoldenEntry): void {
  const all = readGolden(id);
  all[key] = entry;
  mkdirSync(goldenDir, { recursive: true });
  const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file(id), `${JSON.stringify(sorted, null, 2)}\n`);
}

// Same code, same seed: the same numbers. The tolerance only forgives the last bits a different V8 may give Math.exp
// or Math.log; any change of behaviour a refactor could make (an order, a tie-break, a default) moves a metric far more.
const REL = 1e-9;

function close(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= REL * Math.max(Math.abs(a), Math.abs(b));
}

/** Every difference between a snapshot and a run, as lines "name: expected → got". */
export function goldenDiff(expected: GoldenEntry, got: GoldenEntry): string[] {
  const out: string[] = [];
  const cmp = (where: string, e: Record<string, unknown>, g: Record<string, unknown>): void => {
    for (const k of new Set([...Object.keys(e), ...Object.keys(g)])) {
      const a = e[k];
      const b = g[k];
      const same = typeof a === 'number' && typeof b === 'number' ? close(a, b) : a === b;
      if (!same) out.push(`${where}${k}: ${a === undefined ? '(none)' : String(a)} → ${b === undefined ? '(none)' : String(b)}`);
    }
  };
  cmp('', expected.metrics, got.metrics);
  for (const name of new Set([...Object.keys(expected.series), ...Object.keys(got.series)])) {
    const e = expected.series[name] ?? [];
    const g = got.series[name] ?? [];
    if (e.length !== g.length) out.push(`series ${name}: ${e.length} points → ${g.length}`);
    for (let i = 0; i < Math.min(e.length, g.length); i++) cmp(`series ${name}[${i}].`, e[i], g[i]);
  }
  return out;
}
