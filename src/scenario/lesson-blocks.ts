/**
 * Generated blocks in lessons: every measured number a lesson quotes sits between markers that say which run
 * produced it, so `npm run lessons:measure` can regenerate it and a test can tell when it went stale.
 *
 *   <!-- measured: scenario=diversity-tradeoff scale=small metrics=ndcg_at_10,mmr_ndcg_at_10 claims id=div -->
 *   …generated table and caption…
 *   <!-- /measured stamp=6:0a1b2c3d4e5f sum=9f8e7d6c -->
 *
 *   prose with an inline value: <!-- value: div metric=mmr_ndcg_loss_pct digits=2 -->0.41<!-- /value -->% …
 *
 * lessons/README.md documents the syntax for authors. This module is pure (parse, stamp, rewrite); rendering is
 * lesson-blocks-render.ts and the runs are lesson-measure.ts.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../core/errors.js';
import { SCALES, type Scale } from '../data/world-types.js';

export interface ScenarioSource {
  kind: 'scenario';
  scenario: string;
  scale: Scale;
  seed: number;
  /** knob values as written (`set=name=value`, repeatable) */
  set: Record<string, string>;
  /** false runs the single point at the knobs instead of the scenario's sweep */
  sweep: boolean;
}
export interface BenchSource {
  kind: 'bench';
  /** an entry id of bench/results.json */
  entry: string;
}

/** What a block shows. A scenario block shows exactly one of metrics / series / table / latency, plus claims. */
export interface BlockView {
  metrics?: string[];
  series?: string;
  table?: string;
  latency?: string[];
  /** series/table: the columns to keep (default all); split on `|` when the value has one, else on `,` */
  columns?: string[];
  /** series: the x values to keep (default all points) */
  at?: string[];
  /** claims to list after the table: 'all' or 1-based indices into the scenario's claims */
  claims?: 'all' | number[];
  /** metric holding the number of units the metrics average over: an `n` column */
  n?: string;
  /** fixed decimals instead of the shared number format */
  digits?: number;
  /** bench: exact row names to show (default all); notes adds the rows' notes */
  rows?: string[];
  notes?: boolean;
}

export interface MeasuredBlock {
  id?: string;
  source: ScenarioSource | BenchSource;
  view: BlockView;
  /** the opening marker's text after `measured:` */
  spec: string;
  body: string;
  stamp?: string;
  sum?: string;
  /** 1-based line of the opening marker */
  line: number;
  /** character offsets: the body lies between the end of the opening line and the start of the closing marker */
  bodyStart: number;
  bodyEnd: number;
  closeEnd: number;
}

export interface InlineValue {
  /** the id of a block of the same lesson whose run the value is read from */
  ref: string;
  metric?: string;
  series?: string;
  at?: string;
  latency?: string;
  /** latency: p50_ms | p95_ms | p99_ms | mean_ms | n (default p99_ms); bench: value | ratio | anchor (default value) */
  field?: string;
  /** bench: the row name */
  row?: string;
  /** arithmetic over metrics: + − × ÷ and parentheses, e.g. "cross_p99_ms / two_tower_p99_ms" */
  expr?: string;
  digits?: number;
  /** add the 95% interval when the run has one */
  interval?: boolean;
  spec: string;
  text: string;
  line: number;
  textStart: number;
  textEnd: number;
}

export interface ParsedBlocks {
  blocks: MeasuredBlock[];
  inlines: InlineValue[];
}

const OPEN = /^<!-- measured: (.*?) -->[ \t]*$/;
const CLOSE = /^<!-- \/measured(?: (.*?))? -->[ \t]*$/;
const INLINE = /<!-- value: (.*?) -->(.*?)<!-- \/value -->/g;

/** `key=value`, `key="value with spaces"` and bare flags, in order. */
export function tokenize(spec: string): [string, string | true][] {
  const out: [string, string | true][] = [];
  for (const m of spec.matchAll(/([A-Za-z][\w.]*)(?:=(?:"([^"]*)"|(\S+)))?/g)) out.push([m[1], m[2] ?? m[3] ?? true]);
  return out;
}

const list = (v: string, sep = ','): string[] => v.split(sep).map((s) => s.trim()).filter(Boolean);

function str(v: string | true, key: string, where: string): string {
  if (v === true) throw new UsageError(`${where}: ${key} needs a value (${key}=…)`);
  return v;
}

function int(v: string | true, key: string, where: string): number {
  const n = Number(str(v, key, where));
  if (!Number.isInteger(n)) throw new UsageError(`${where}: ${key} must be an integer, got ${String(v)}`);
  return n;
}

const BLOCK_KEYS = ['scenario', 'bench', 'scale', 'seed', 'set', 'sweep', 'id', 'metrics', 'series', 'table', 'latency', 'columns', 'at', 'claims', 'n', 'digits', 'rows', 'notes'];

/** Reads an opening marker's spec. Throws UsageError naming the bad key and the allowed ones. */
export function parseBlockSpec(spec: string, where: string): Pick<MeasuredBlock, 'id' | 'source' | 'view'> {
  const view: BlockView = {};
  const set: Record<string, string> = {};
  let scenario: string | undefined;
  let bench: string | undefined;
  let scale: string | undefined;
  let seed = 42;
  let sweep = true;
  let id: string | undefined;
  for (const [k, v] of tokenize(spec)) {
    if (!BLOCK_KEYS.includes(k)) throw new UsageError(`${where}: unknown key "${k}"; allowed: ${BLOCK_KEYS.join(', ')}`);
    if (k === 'scenario') scenario = str(v, k, where);
    else if (k === 'bench') bench = str(v, k, where);
    else if (k === 'scale') scale = str(v, k, where);
    else if (k === 'seed') seed = int(v, k, where);
    else if (k === 'sweep') sweep = str(v, k, where) !== 'false';
    else if (k === 'id') id = str(v, k, where);
    else if (k === 'set') {
      const [name, ...rest] = str(v, k, where).split('=');
      if (!name || rest.length === 0) throw new UsageError(`${where}: set needs name=value, got "${String(v)}"`);
      set[name] = rest.join('=');
    } else if (k === 'metrics') view.metrics = list(str(v, k, where));
    else if (k === 'latency') view.latency = list(str(v, k, where));
    else if (k === 'series') view.series = str(v, k, where);
    else if (k === 'table') view.table = str(v, k, where);
    else if (k === 'columns') view.columns = list(str(v, k, where), str(v, k, where).includes('|') ? '|' : ',');
    else if (k === 'rows') view.rows = list(str(v, k, where), '|');
    else if (k === 'at') view.at = list(str(v, k, where));
    else if (k === 'n') view.n = str(v, k, where);
    else if (k === 'digits') view.digits = int(v, k, where);
    else if (k === 'notes') view.notes = true;
    else if (k === 'claims') view.claims = v === true || v === 'all' ? 'all' : list(v).map((x) => int(x, k, where));
  }
  if (bench !== undefined) {
    if (scenario !== undefined) throw new UsageError(`${where}: a block reads either scenario= or bench=, not both`);
    return { id, source: { kind: 'bench', entry: bench }, view };
  }
  if (scenario === undefined) throw new UsageError(`${where}: a block needs scenario=<id> or bench=<entry>`);
  if (!SCALES.includes(scale as Scale)) throw new UsageError(`${where}: scale must be one of ${SCALES.join(', ')}, got ${scale ?? '(none)'}`);
  const views = [view.metrics, view.series, view.table, view.latency].filter((x) => x !== undefined).length;
  if (views > 1) throw new UsageError(`${where}: give one of metrics=, series=, table=, latency= per block`);
  if (views === 0 && view.claims === undefined) throw new UsageError(`${where}: say what to show: metrics=, series=, table=, latency= or claims`);
  return { id, source: { kind: 'scenario', scenario, scale: scale as Scale, seed, set, sweep }, view };
}

const INLINE_KEYS = ['metric', 'series', 'at', 'latency', 'field', 'row', 'expr', 'digits', 'interval'];

export function parseInlineSpec(spec: string, where: string): Omit<InlineValue, 'spec' | 'text' | 'line' | 'textStart' | 'textEnd'> {
  const tokens = tokenize(spec);
  const [first, ...rest] = tokens;
  if (!first || first[1] !== true) throw new UsageError(`${where}: an inline value starts with the id of its block, e.g. <!-- value: div metric=ndcg_at_10 -->`);
  const out: ReturnType<typeof parseInlineSpec> = { ref: first[0] };
  for (const [k, v] of rest) {
    if (!INLINE_KEYS.includes(k)) throw new UsageError(`${where}: unknown key "${k}"; allowed: ${INLINE_KEYS.join(', ')}`);
    if (k === 'digits') out.digits = int(v, k, where);
    else if (k === 'interval') out.interval = true;
    else (out as unknown as Record<string, string>)[k] = str(v, k, where);
  }
  const kinds = [out.metric !== undefined && out.series === undefined, out.series !== undefined, out.latency !== undefined, out.row !== undefined, out.expr !== undefined];
  if (kinds.filter(Boolean).length !== 1) throw new UsageError(`${where}: an inline value reads one of metric=, series= at= metric=, latency=, row= or expr=`);
  if (out.series !== undefined && (out.at === undefined || out.metric === undefined)) throw new UsageError(`${where}: series= needs at=<x value> and metric=<column>`);
  return out;
}

/** Line ranges inside ``` or ~~~ fences: markers there are documentation, not blocks. */
function fencedLines(lines: string[]): Set<number> {
  const out = new Set<number>();
  let fence: string | null = null;
  lines.forEach((l, i) => {
    const m = /^\s*(```|~~~)/.exec(l);
    if (fence) {
      out.add(i);
      if (m && m[1] === fence) fence = null;
    } else if (m) {
      fence = m[1];
      out.add(i);
    }
  });
  return out;
}

/** Every block and inline value of a lesson, in order. Throws UsageError on a malformed marker (with its line). */
export function parseBlocks(markdown: string, file = 'lesson'): ParsedBlocks {
  const lines = markdown.split('\n');
  const fenced = fencedLines(lines);
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  const blocks: MeasuredBlock[] = [];
  const inlines: InlineValue[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (fenced.has(i)) continue;
    const where = `${file}:${i + 1}`;
    const open = OPEN.exec(lines[i]);
    if (open) {
      let j = i + 1;
      while (j < lines.length && !CLOSE.test(lines[j])) {
        if (OPEN.test(lines[j])) throw new UsageError(`${where}: block not closed before the next one (line ${j + 1}); add <!-- /measured -->`);
        j++;
      }
      if (j >= lines.length) throw new UsageError(`${where}: block not closed; add <!-- /measured --> after it`);
      const attrs = Object.fromEntries(tokenize(CLOSE.exec(lines[j])?.[1] ?? '')) as Record<string, string | true>;
      const bodyStart = starts[i] + lines[i].length + 1;
      const bodyEnd = starts[j];
      blocks.push({
        ...parseBlockSpec(open[1], where),
        spec: open[1],
        body: markdown.slice(bodyStart, bodyEnd),
        stamp: typeof attrs.stamp === 'string' ? attrs.stamp : undefined,
        sum: typeof attrs.sum === 'string' ? attrs.sum : undefined,
        line: i + 1,
        bodyStart,
        bodyEnd,
        closeEnd: starts[j] + lines[j].length,
      });
      i = j;
      continue;
    }
    if (CLOSE.test(lines[i])) throw new UsageError(`${where}: <!-- /measured --> without an opening marker`);
    for (const m of lines[i].matchAll(INLINE)) {
      const textStart = starts[i] + (m.index ?? 0) + m[0].length - m[2].length - '<!-- /value -->'.length;
      inlines.push({ ...parseInlineSpec(m[1], where), spec: m[1], text: m[2], line: i + 1, textStart, textEnd: textStart + m[2].length });
    }
  }
  const ids = new Map<string, number>();
  for (const b of blocks) {
    if (!b.id) continue;
    if (ids.has(b.id)) throw new UsageError(`${file}:${b.line}: block id "${b.id}" is already used on line ${ids.get(b.id)}`);
    ids.set(b.id, b.line);
  }
  for (const v of inlines) {
    if (!ids.has(v.ref)) throw new UsageError(`${file}:${v.line}: inline value reads block "${v.ref}", which this lesson does not have; ids: ${[...ids.keys()].join(', ') || '(none)'}`);
  }
  return { blocks, inlines };
}

/** Short hex sha256 of some text. */
export function shortHash(text: string, chars = 12): string {
  return createHash('sha256').update(text).digest('hex').slice(0, chars);
}

/** A scenario block's stamp: the world generator's version and a hash of the scenario's YAML (and its included knob files). */
export function scenarioStamp(worldVersion: number | string, yamlTexts: string[]): string {
  return `${worldVersion}:${shortHash(yamlTexts.join('\n\u0000\n'))}`;
}

/** A bench block's stamp: when the bench entry was measured (bench/results.json `at`). */
export function benchStamp(at: string): string {
  return `bench:${at}`;
}

/** The run a scenario block needs; blocks with the same key share one run. */
export function runKey(s: ScenarioSource): string {
  const set = Object.entries(s.set).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',');
  return `${s.scenario}|${s.scale}|${s.seed}|${s.sweep ? 'sweep' : 'point'}|${set}`;
}

/** The checksum a generated body carries, so a hand edit inside a block is caught. */
export function bodySum(body: string): string {
  return shortHash(body.trim(), 8);
}

export interface Replacement {
  block?: MeasuredBlock;
  inline?: InlineValue;
  /** new body (block: without the trailing newline) or new inline text */
  text: string;
  stamp?: string;
}

/** The lesson with the given blocks and inline values rewritten; everything else byte for byte unchanged. */
export function applyReplacements(markdown: string, replacements: Replacement[]): string {
  const edits = replacements.map((r) => {
    if (r.block) {
      const body = r.text.replace(/\n+$/, '') + '\n';
      return { from: r.block.bodyStart, to: r.block.closeEnd, text: `${body}<!-- /measured stamp=${r.stamp} sum=${bodySum(body)} -->` };
    }
    return { from: r.inline!.textStart, to: r.inline!.textEnd, text: r.text };
  }).sort((a, b) => b.from - a.from);
  let out = markdown;
  for (const e of edits) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** Names a block or inline value reads from its scenario's run (metrics, series columns, latency stages, table titles). */
export function citedNames(view: BlockView | InlineValue): { metrics: string[]; series: string[]; tables: string[]; latency: string[] } {
  const metrics: string[] = [];
  const v = view as BlockView & Partial<InlineValue>;
  if (v.metrics) metrics.push(...v.metrics);
  if (v.n) metrics.push(v.n);
  if (typeof v.metric === 'string' && v.series === undefined) metrics.push(v.metric);
  if (v.expr) metrics.push(...(v.expr.match(/[A-Za-z_]\w*/g) ?? []));
  const series = v.series ? [v.series] : [];
  const latency = v.latency ? (Array.isArray(v.latency) ? v.latency : [v.latency]).filter((s) => s !== 'all') : [];
  return { metrics, series, tables: v.table ? [v.table] : [], latency };
}
