// A small run@2 document shaped like a scenario's charts — its series names, x quantities, metrics, latency
// stages and table columns come from the scenario YAML; the values are made up (seeded) with intervals — so
// every chart of every scenario can be rendered without running the experiments. Not a measurement.
import { Rng } from '../../src/core/rng.js';
import { resolveParams } from '../../src/scenario/params.js';
import { readRunResult } from '../../src/scenario/result-schema.js';
import type { ClaimResult, RunResult, Scenario, Series, Table } from '../../src/scenario/types.js';

const VERDICTS = ['holds', 'fails', 'inconclusive'] as const;
const WILDCARD_NAMES = ['mf', 'two-tower', 'content-based popularity'];
const LONG_ROW = 'a deliberately long row label that has to wrap onto a second line';

/** x values: the sweep's, a known log-spaced or short axis, else a long 0 … 39 curve (drawn with a band). */
function xValues(scenario: Scenario, x: string): number[] {
  if (scenario.sweep?.param === x) return scenario.sweep.values.map(Number).filter(Number.isFinite);
  if (x === 'interactions') return [1200, 6000, 18000, 60000];
  if (x === 'history') return [0, 1, 5, 20];
  return Array.from({ length: 40 }, (_, i) => i);
}

/** A plausible value for metric m at position t ∈ [0, 1] of the axis. */
function valueOf(m: string, t: number, k: number, rng: Rng): number {
  const wobble = 1 + 0.04 * (rng.next() - 0.5);
  if (m.endsWith('_ms')) return (0.05 + 40 * t ** 2) * (k + 1) ** 2 * wobble;
  if (/recall|ndcg|coverage|overlap|diversity|share|auc/i.test(m)) return Math.min(0.999, (0.55 + 0.4 * Math.sqrt(t)) * wobble - 0.03 * k);
  if (m === 'p_value') return Math.max(0.001, 0.8 * (1 - t) ** 3);
  if (m === 'z') return 3 * Math.sin(6 * t) - k;
  return (10 + 90 * t) * (k + 1) * wobble;
}

export function syntheticRun(scenario: Scenario, seed = 7): RunResult {
  const rng = new Rng(seed);
  const series = new Map<string, { x: string; metrics: Set<string> }>();
  const tables = new Map<string, Set<string>>();
  for (const c of scenario.show.charts) {
    if (c.type === 'line') {
      const names = c.from.endsWith('*') ? WILDCARD_NAMES.map((n) => c.from.slice(0, -1) + n) : [c.from];
      for (const n of names) {
        const s = series.get(n) ?? { x: c.x ?? 'x', metrics: new Set<string>() };
        c.y.forEach((m) => s.metrics.add(m));
        series.set(n, s);
      }
    } else if (c.from !== 'latency') {
      const cols = tables.get(c.from) ?? new Set<string>();
      c.y.forEach((m) => cols.add(m));
      tables.set(c.from, cols);
    }
  }
  const seriesOut: Series[] = [...series.entries()].map(([name, s], k) => {
    const xs = xValues(scenario, s.x);
    const points = xs.map((x, i) => ({ [s.x]: x, ...Object.fromEntries([...s.metrics].map((m, j) => [m, valueOf(m, i / Math.max(1, xs.length - 1), k + j, rng)])) }));
    const ci = points.map((p) => Object.fromEntries([...s.metrics].map((m) => [m, [Number(p[m]) * 0.95, Number(p[m]) * 1.05] as [number, number]])));
    return { name, x: s.x, points, ci };
  });
  const tablesOut: Table[] = [...tables.entries()].map(([title, cols]) => ({
    title,
    columns: ['name', ...cols],
    rows: ['exact', 'HNSW', LONG_ROW, 'popularity'].map((label, i) => [label, ...[...cols].map((c, j) => Number(valueOf(c, i / 3, j, rng).toFixed(4)))]),
  }));
  const stage = (p50: number) => ({ n: 400, p50_ms: p50, p95_ms: p50 * 1.6, p99_ms: p50 * 2.2, mean_ms: p50 * 1.1, max_ms: p50 * 3, ci: { p50: [p50 * 0.95, p50 * 1.05], p95: [p50 * 1.5, p50 * 1.7], p99: [p50 * 2, p50 * 2.5] } });
  const params = resolveParams(scenario, {}, 'tiny');
  const claims: ClaimResult[] = scenario.claims.map((c, i) => {
    const verdict = VERDICTS[i % 3];
    return { text: c.text, expr: c.expr, kind: c.kind ?? 'finding', verdict, holds: verdict === 'holds', share: [0.99, 0.01, 0.6][i % 3], replicates: 400, observed: { some_metric: 0.5 + i / 10 }, intervals: { some_metric: [0.45, 0.55 + i / 10] } };
  });
  const doc = {
    schema: 'recsys-lab/run@2',
    scenario: scenario.id,
    title: scenario.title,
    seed,
    scale: 'tiny',
    params,
    environment: { node: 'v20.0.0', tfjsBackend: 'none', cpus: 2, noise: { level: 'busy', loadAvg1: 3.5, cpus: 2, calibrationCv: 0.3, cpuShare: 0.7, disturbedShare: 0.2, warnings: ['load average 3.5 on 2 CPUs'] } },
    metrics: { some_metric: 0.5 },
    intervals: { some_metric: [0.45, 0.55] },
    series: seriesOut,
    latency: { exact: stage(12), hnsw: stage(0.4), 'end-to-end': stage(14) },
    claims,
    tables: tablesOut,
    durationMs: 1234,
  };
  const read = readRunResult(doc);
  if (!read) throw new Error(`syntheticRun(${scenario.id}): not a valid run@2 document`);
  return read;
}
