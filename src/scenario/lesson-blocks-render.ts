/**
 * The generated text of a lesson's measured blocks: a table from one run (metrics, a series, one of the
 * experiment's tables, latency stages), the verdicts of its claims, and a caption that says where the numbers
 * came from. Pure: the run result, the bench entry and the machine facts come in as arguments.
 */
import { UsageError } from '../core/errors.js';
import { formatNumber } from './format/numbers.js';
import { markdownTable } from './format/table.js';
import type { BlockView, InlineValue, MeasuredBlock, ScenarioSource } from './lesson-blocks.js';
import type { ClaimResult, RunResult, Scenario } from './types.js';

type Interval = [number, number];
/** run@1, read with the optional fields of run@2 (intervals, verdicts, series ci, latency ci). */
export type RunLike = Omit<RunResult, 'schema' | 'claims' | 'series' | 'latency'> & {
  schema: string;
  intervals?: Record<string, Interval>;
  claims: (Omit<ClaimResult, 'verdict' | 'share' | 'replicates' | 'kind'> & { verdict?: string; share?: number; replicates?: number; kind?: string; note?: string })[];
  series: { name: string; x: string; points: Record<string, number | string>[]; ci?: Record<string, Interval>[] }[];
  latency: Record<string, { n: number; p50_ms: number; p95_ms: number; p99_ms: number; mean_ms: number; ci?: Record<string, Interval>; tail?: 'max' }>;
};

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
  anchor?: { name: string; value: number; unit: string };
  ratio?: number;
  note?: string;
}
export interface BenchEntry {
  title: string;
  scale: string;
  at: string;
  rows: BenchRow[];
}

/** Facts about where and when the generator ran, for the caption. */
export interface RunMeta {
  commit: string;
  machine: string;
  date: string;
  /** 1-minute load average when the run started */
  load?: number;
}

function num(v: number | undefined, digits?: number): string {
  if (v === undefined || !Number.isFinite(v)) return formatNumber(v);
  // counts stay counts: digits= fixes the decimals of fractional values only
  return digits === undefined || Number.isInteger(v) ? formatNumber(v) : v.toFixed(digits);
}

function interval(iv: Interval | undefined, digits?: number): string {
  return iv ? `${num(iv[0], digits)} – ${num(iv[1], digits)}` : '';
}

function missing(what: string, name: string, known: string[]): never {
  throw new UsageError(`${what} "${name}" is not in the run; it has: ${known.join(', ') || '(none)'}`);
}

/** The `recsys-lab run` command that reproduces a block's run. */
export function runCommand(s: ScenarioSource): string {
  const sets = Object.entries(s.set).map(([k, v]) => ` --set ${k}=${v}`).join('');
  return `recsys-lab run ${s.scenario} --scale ${s.scale}${s.seed !== 42 ? ` --seed ${s.seed}` : ''}${sets}${s.sweep ? '' : ' --no-sweep'}`;
}

/** The engine(s) a run reports: the two-tower engine, else the tfjs backend, else plain JS. */
export function engineOf(result: RunLike): string {
  const env = result.environment as Record<string, unknown>;
  const parts = [env.twoTowerEngine, env.tfjsBackend !== 'none' && env.twoTowerEngine === undefined ? `tfjs ${String(env.tfjsBackend)}` : undefined]
    .filter((x): x is string => typeof x === 'string' && x.length > 0);
  return parts.length ? parts.join(', ') : 'JS';
}

function caption(s: ScenarioSource, result: RunLike, meta: RunMeta): string {
  const noise = (result.environment as Record<string, unknown>).noise as { level?: string; loadAvg1?: number } | undefined;
  const load = noise?.loadAvg1 ?? meta.load;
  const machine = `${meta.machine}${load !== undefined ? `, load ${load.toFixed(1)}` : ''}${noise?.level ? ` (${noise.level})` : ''}`;
  return `Run: \`${runCommand(s)}\` · seed ${result.seed} · engine ${engineOf(result)} · commit ${meta.commit} · ${machine} · ${meta.date}`;
}

function metricsTable(view: BlockView, r: RunLike): string[] {
  const names = view.metrics ?? [];
  for (const m of names) if (!(m in r.metrics)) missing('metric', m, Object.keys(r.metrics));
  const withIv = names.some((m) => r.intervals?.[m]);
  const n = view.n === undefined ? undefined : r.metrics[view.n] ?? missing('metric', view.n, Object.keys(r.metrics));
  const columns = ['metric', 'value', ...(withIv ? ['95% interval'] : []), ...(n !== undefined ? ['n'] : [])];
  const rows = names.map((m) => [`\`${m}\``, num(r.metrics[m], view.digits), ...(withIv ? [interval(r.intervals?.[m], view.digits)] : []), ...(n !== undefined ? [num(n)] : [])]);
  return markdownTable(columns, rows);
}

function seriesTable(view: BlockView, r: RunLike): string[] {
  const s = r.series.find((x) => x.name === view.series) ?? missing('series', view.series!, r.series.map((x) => x.name));
  const keys = Object.keys(s.points[0] ?? {});
  const cols = view.columns ?? keys.filter((k) => k !== s.x);
  for (const c of cols) if (!keys.includes(c)) missing(`column of series ${s.name}`, c, keys);
  const keep = s.points.map((p, i) => ({ p, i })).filter(({ p }) => !view.at || view.at.includes(String(p[s.x])));
  if (view.at && keep.length !== view.at.length) missing(`x value of series ${s.name}`, view.at.join(','), s.points.map((p) => String(p[s.x])));
  const cell = (v: number | string | undefined, iv: Interval | undefined) =>
    typeof v === 'number' ? `${num(v, view.digits)}${iv ? ` (${interval(iv, view.digits)})` : ''}` : String(v ?? '');
  const rows = keep.map(({ p, i }) => [String(p[s.x]), ...cols.map((c) => cell(p[c], s.ci?.[i]?.[c]))]);
  return markdownTable([s.x, ...cols], rows);
}

function experimentTable(view: BlockView, r: RunLike): string[] {
  const t = (r.tables ?? []).find((x) => x.title === view.table) ?? missing('table', view.table!, (r.tables ?? []).map((x) => x.title));
  const idx = (view.columns ?? t.columns).map((c) => (t.columns.includes(c) ? t.columns.indexOf(c) : missing(`column of table "${t.title}"`, c, t.columns)));
  const rows = t.rows.map((row) => idx.map((i) => (typeof row[i] === 'number' ? num(row[i] as number, view.digits) : String(row[i]))));
  return markdownTable(idx.map((i) => t.columns[i]), rows);
}

function latencyTable(view: BlockView, r: RunLike): string[] {
  const stages = view.latency!.includes('all') ? Object.keys(r.latency) : view.latency!;
  const rows = stages.map((st) => {
    const l = r.latency[st] ?? missing('latency stage', st, Object.keys(r.latency));
    const q = (k: 'p50_ms' | 'p95_ms' | 'p99_ms') => `${num(l[k], view.digits)}${l.ci?.[k.slice(0, 3)] ? ` (${interval(l.ci[k.slice(0, 3)], view.digits)})` : ''}`;
    // too few samples for a p99: the runner reports the maximum instead, and the table says so
    return [st, num(l.n), q('p50_ms'), q('p95_ms'), l.tail === 'max' ? `${num(l.p99_ms, view.digits)} (max)` : q('p99_ms')];
  });
  return markdownTable(['stage', 'n', 'p50 ms', 'p95 ms', 'p99 ms'], rows);
}

function claimLines(view: BlockView, r: RunLike, scenario: Scenario): string[] {
  if (!view.claims) return [];
  const picked = view.claims === 'all' ? r.claims.map((_, i) => i + 1) : view.claims;
  return picked.map((i) => {
    const c = r.claims[i - 1] ?? missing('claim number', String(i), scenario.claims.map((_, j) => String(j + 1)));
    const verdict = c.error ? 'could not be evaluated' : c.verdict ?? (c.holds ? 'holds' : 'fails');
    // an exact claim (one replicate) is decided by its point value: no share to show
    const share = c.share !== undefined && (c.replicates ?? 0) > 1 ? ` in ${(100 * c.share).toFixed(1)}% of ${c.replicates} replicates` : '';
    const observed = Object.entries(c.observed).map(([k, v]) => `${k} = ${typeof v === 'number' ? num(v, view.digits) : String(v)}`).join(', ');
    const kind = c.kind === 'check' ? ' (a check, not a finding)' : '';
    const note = c.note ? ` — ${c.note}` : '';
    return `- **${verdict}**${share}${kind}: ${c.text}${observed ? ` (${observed})` : ''}${note}`;
  });
}

/** A scenario block's generated body. Throws UsageError when it names something the run does not have. */
export function renderScenarioBlock(block: MeasuredBlock, result: RunLike, scenario: Scenario, meta: RunMeta): string {
  const v = block.view;
  const table = v.metrics ? metricsTable(v, result) : v.series ? seriesTable(v, result) : v.table ? experimentTable(v, result) : v.latency ? latencyTable(v, result) : [];
  const claims = claimLines(v, result, scenario);
  return [...table, ...(table.length && claims.length ? [''] : []), ...claims, '', caption(block.source as ScenarioSource, result, meta)].join('\n');
}

function benchValue(r: BenchRow, digits?: number): string {
  return `${num(r.value, digits)} ${r.unit}`;
}

/** A bench block's generated body: rows of one bench/results.json entry. */
export function renderBenchBlock(block: MeasuredBlock, id: string, entry: BenchEntry, machine: string): string {
  const v = block.view;
  const rows = v.rows ? v.rows.map((n) => entry.rows.find((r) => r.name === n) ?? missing(`row of bench entry ${id}`, n, entry.rows.map((r) => r.name))) : entry.rows;
  const table = markdownTable(
    ['figure', 'measured', 'anchor', 'ratio', 'target', ...(v.notes ? ['note'] : [])],
    rows.map((r) => [
      r.name, benchValue(r, v.digits), r.anchor ? `${r.anchor.name}: ${num(r.anchor.value)} ${r.anchor.unit}` : '', r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '',
      r.target ? `${r.target}${r.met === undefined ? '' : r.met ? ' ✓' : ' ✗'}` : '', ...(v.notes ? [r.note ?? ''] : []),
    ]),
  );
  return [...table, '', `From \`bench/results.json\` (\`npm run bench -- --only ${id} --scale ${entry.scale}\`, measured ${entry.at.slice(0, 10)}) · ${machine}`].join('\n');
}

/** arithmetic over named numbers: + − * / and parentheses; throws UsageError on anything else. */
export function evalArithmetic(expr: string, scope: Record<string, number>): number {
  const tokens = expr.match(/\s*([A-Za-z_]\w*|\d+(?:\.\d+)?(?:e[-+]?\d+)?|[-+*/()])/g)?.map((t) => t.trim()) ?? [];
  if (tokens.join('') !== expr.replace(/\s+/g, '')) throw new UsageError(`expr "${expr}": only names, numbers, + - * / and parentheses`);
  let i = 0;
  const atom = (): number => {
    const t = tokens[i++];
    if (t === '(') {
      const v = sum();
      if (tokens[i++] !== ')') throw new UsageError(`expr "${expr}": missing )`);
      return v;
    }
    if (t === '-') return -atom();
    if (t !== undefined && /^\d/.test(t)) return Number(t);
    if (t !== undefined && /^[A-Za-z_]/.test(t)) return t in scope ? scope[t] : missing('metric', t, Object.keys(scope));
    throw new UsageError(`expr "${expr}": unexpected ${t ?? 'end'}`);
  };
  const product = (): number => {
    let v = atom();
    while (tokens[i] === '*' || tokens[i] === '/') v = tokens[i++] === '*' ? v * atom() : v / atom();
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (tokens[i] === '+' || tokens[i] === '-') v = tokens[i++] === '+' ? v + product() : v - product();
    return v;
  };
  const v = sum();
  if (i !== tokens.length) throw new UsageError(`expr "${expr}": unexpected ${tokens[i]}`);
  return v;
}

/** An inline value's text, read from its block's run result. */
export function renderInlineFromRun(v: InlineValue, r: RunLike): string {
  if (v.expr !== undefined) return num(evalArithmetic(v.expr, r.metrics), v.digits);
  if (v.series !== undefined) {
    const s = r.series.find((x) => x.name === v.series) ?? missing('series', v.series, r.series.map((x) => x.name));
    const i = s.points.findIndex((p) => String(p[s.x]) === v.at);
    if (i < 0) missing(`x value of series ${s.name}`, v.at!, s.points.map((p) => String(p[s.x])));
    const value = s.points[i][v.metric!];
    if (typeof value !== 'number') missing(`column of series ${s.name}`, v.metric!, Object.keys(s.points[i]));
    const iv = v.interval ? s.ci?.[i]?.[v.metric!] : undefined;
    return `${num(value, v.digits)}${iv ? ` (95% ${interval(iv, v.digits)})` : ''}`;
  }
  if (v.latency !== undefined) {
    const l = r.latency[v.latency] ?? missing('latency stage', v.latency, Object.keys(r.latency));
    const field = (v.field ?? 'p99_ms') as keyof typeof l;
    const value = l[field];
    if (typeof value !== 'number') missing(`field of latency ${v.latency}`, String(field), ['n', 'p50_ms', 'p95_ms', 'p99_ms', 'mean_ms']);
    const iv = v.interval ? l.ci?.[String(field).slice(0, 3)] : undefined;
    return `${num(value, v.digits)}${iv ? ` (95% ${interval(iv, v.digits)})` : ''}`;
  }
  const m = v.metric!;
  if (!(m in r.metrics)) missing('metric', m, Object.keys(r.metrics));
  const iv = v.interval ? r.intervals?.[m] : undefined;
  return `${num(r.metrics[m], v.digits)}${iv ? ` (95% ${interval(iv, v.digits)})` : ''}`;
}

/** An inline value's text, read from its bench block's entry. */
export function renderInlineFromBench(v: InlineValue, id: string, entry: BenchEntry): string {
  const r = entry.rows.find((x) => x.name === v.row) ?? missing(`row of bench entry ${id}`, v.row ?? '(none)', entry.rows.map((x) => x.name));
  const field = v.field ?? 'value';
  if (field === 'value') return num(r.value, v.digits);
  if (field === 'ratio' && r.ratio !== undefined) return num(r.ratio, v.digits);
  if (field === 'anchor' && r.anchor) return num(r.anchor.value, v.digits);
  return missing(`field of bench row "${r.name}"`, field, ['value', ...(r.ratio !== undefined ? ['ratio'] : []), ...(r.anchor ? ['anchor'] : [])]);
}
