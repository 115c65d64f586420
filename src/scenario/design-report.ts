/**
 * A design review's scorecard: the design's requirements and choices by stage, the verdicts of its requirements, the
 * headline figures with their intervals, the stage that binds the latency and the step that loses the most quality —
 * as a `recsys-lab/design@1` document (the run@2 document inside, under `run`), terminal text or markdown.
 */
import type { Interval } from '../core/intervals.js';
import { bindingStage } from '../experiments/design-figures.js';
import { STAGES } from '../serving/types.js';
import { choicesByStage, DESIGN_SCHEMA, type Design, type DesignStage } from './design.js';
import { formatRunMarkdown } from './format/markdown.js';
import { buildReport, type Block } from './format/report.js';
import { formatRunText, plainStyler, type Styler } from './format/text.js';
import type { ClaimResult, ParamValue, RunResult, Scenario, Verdict } from './types.js';

/** The scorecard's rows: metric, what it is, unit. */
export const SCORECARD_ROWS: readonly [string, string, string][] = [
  ['recall_at_100', 'retrieval recall@100 (new items)', ''],
  ['ndcg_at_10', 'served NDCG@10', ''],
  ['diversity_ild', 'intra-list diversity (hidden vectors)', ''],
  ['catalog_coverage', 'catalog coverage of the served lists', ''],
  ['recall_at_100_new_users', 'cold users: recall@100', ''],
  ['recall_at_100_cold_items', 'cold items: recall@100', ''],
  ['p50_ms', 'end-to-end p50 at the target QPS', 'ms'],
  ['p99_ms', 'end-to-end p99 at the target QPS', 'ms'],
  ['queue_p99_ms', 'queueing p99 (scheduled arrival → service)', 'ms'],
  ['memory_total_mb', 'resident memory, all components', 'MB'],
  ['train_embeddings_s', 'embedding training', 's'],
  ['embeddings_load_s', 'embedding training: cached, loaded in', 's'],
  ['index_build_s', 'index build', 's'],
  ['index_load_s', 'index build: cached, loaded in', 's'],
  ['ranker_train_s', 'ranker training', 's'],
];

export interface ScorecardRow {
  metric: string;
  label: string;
  unit: string;
  value: number;
  interval?: Interval;
}

export interface Scorecard {
  rows: ScorecardRow[];
  /** set when the machine was busy: the latency verdicts include time spent waiting for a core */
  busy?: string;
  /** requests behind the latency figures */
  requests: number;
  /** the stage with the largest share of the summed stage means, and that share */
  bindingStage: { stage: string; share: number } | null;
  /** the retrieval step that loses the most recall@100 against the hidden-vector ceiling, and how much */
  biggestQualityLoss: { step: 'embeddings' | 'index'; recallAt100: number } | null;
  verdicts: { text: string; kind: ClaimResult['kind']; verdict: Verdict }[];
}

export interface DesignDocument {
  schema: typeof DESIGN_SCHEMA;
  design: { id: string; title: string; file: string; question: string; description?: string; scale: RunResult['scale']; stages: Record<DesignStage, Record<string, ParamValue>> };
  scorecard: Scorecard;
  run: RunResult;
}

export function scorecard(result: RunResult): Scorecard {
  const rows = SCORECARD_ROWS.filter(([m]) => typeof result.metrics[m] === 'number').map(([metric, label, unit]) => ({
    metric, label, unit, value: result.metrics[metric], ...(result.intervals?.[metric] ? { interval: result.intervals[metric] } : {}),
  }));
  const m = result.metrics;
  const losses = (['embeddings', 'index'] as const).filter((s) => typeof m[`loss_${s}_recall_at_100`] === 'number');
  const worst = losses.sort((a, b) => m[`loss_${b}_recall_at_100`] - m[`loss_${a}_recall_at_100`])[0];
  const noise = result.environment.noise;
  return {
    rows,
    ...(noise?.level === 'busy' ? { busy: busyText(noise.loadAvg1, noise.cpus) } : {}),
    requests: result.latency.end_to_end?.n ?? 0,
    bindingStage: bindingStage(result.latency, STAGES),
    biggestQualityLoss: worst ? { step: worst, recallAt100: m[`loss_${worst}_recall_at_100`] } : null,
    verdicts: result.claims.map((c) => ({ text: c.text, kind: c.kind, verdict: c.verdict })),
  };
}

/**
 * Under open-loop load a request's latency includes its wait behind earlier requests, so on a busy machine every
 * stall queues the requests after it: the p99 verdict then speaks for the machine, not the design.
 */
function busyText(load: number, cpus: number): string {
  return `measured on a busy machine (load average ${load.toFixed(2)} on ${cpus} cores): open-loop latency includes the time requests queued behind stalls while the process waited for a core, so the latency figures and the p99 verdict describe this machine now — rerun on a quiet machine before quoting them`;
}

export function designDocument(design: Design, result: RunResult): DesignDocument {
  return {
    schema: DESIGN_SCHEMA,
    design: {
      id: design.id, title: design.title, file: design.file, question: design.question,
      ...(design.description ? { description: design.description.trim() } : {}),
      scale: result.scale, stages: choicesByStage(result.params),
    },
    scorecard: scorecard(result),
    run: result,
  };
}

/** A scorecard figure: one decimal from 100, three from 1, else three significant digits. */
export const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(3));
/** A difference of figures with its sign (a true minus sign). */
export const signed = (v: number): string => (v === 0 ? '0' : `${v > 0 ? '+' : '−'}${fmt(Math.abs(v))}`);
const MARK: Record<Verdict, string> = { holds: '✓ holds', fails: '✗ fails', inconclusive: '? inconclusive' };
const MD_MARK: Record<Verdict, string> = { holds: '✅ holds', fails: '❌ fails', inconclusive: '❔ inconclusive' };

function choiceLines(doc: DesignDocument): [string, string][] {
  return Object.entries(doc.design.stages)
    .filter(([, knobs]) => Object.keys(knobs).length > 0)
    .map(([stage, knobs]) => [stage, Object.entries(knobs).map(([k, v]) => `${k} ${String(v)}`).join(', ')]);
}

function bindingLines(card: Scorecard): string[] {
  const out: string[] = [];
  if (card.bindingStage) out.push(`The stage that binds the latency: ${card.bindingStage.stage} (${(100 * card.bindingStage.share).toFixed(1)}% of the summed stage means).`);
  if (card.biggestQualityLoss) out.push(`The step that loses the most recall@100 against the hidden-vector ceiling: the ${card.biggestQualityLoss.step} (${fmt(card.biggestQualityLoss.recallAt100)}).`);
  return out;
}

/**
 * The scorecard as report blocks (the TUI's results screen shows them under the verdicts); with `reference` (a run of
 * the reference design at the same scale), each figure beside the reference's and the difference.
 */
export function scorecardBlocks(result: RunResult, reference?: RunResult): Block[] {
  const card = scorecard(result);
  const ref = reference ? scorecard(reference) : null;
  const rows = card.rows.map((r) => {
    const row = [r.label, `${fmt(r.value)}${r.unit ? ` ${r.unit}` : ''}`, r.interval ? `${fmt(r.interval[0])} – ${fmt(r.interval[1])}` : 'exact'];
    if (!ref) return row;
    const other = ref.rows.find((x) => x.metric === r.metric);
    return [...row, other ? fmt(other.value) : '—', other ? signed(r.value - other.value) : '—'];
  });
  const blocks: Block[] = [];
  if (card.busy) blocks.push({ kind: 'warning', text: card.busy });
  const against = ref ? ` — against the reference design's last run at this scale (seed ${reference!.seed})` : '';
  blocks.push({ kind: 'table', title: `Scorecard (latency over n = ${card.requests} requests, open loop at the target QPS)${against}`, columns: ['figure', 'value', '95% interval', ...(ref ? ['reference', 'Δ'] : [])], rows });
  const lines = bindingLines(card);
  if (lines.length) blocks.push({ kind: 'paragraph', text: lines.join(' ') });
  return blocks;
}

/** The scorecard and then the whole run, for a terminal. */
export function formatDesignText(doc: DesignDocument, scenario: Scenario, opts: { width?: number; style?: Styler } = {}): string {
  const st = opts.style ?? plainStyler;
  const card = doc.scorecard;
  const title = `Design review — ${doc.design.title}`;
  const out = [st.heading(title), '='.repeat(Math.min(title.length, opts.width ?? 100)), '', doc.design.question.trim(), ''];
  out.push(st.heading('Choices by stage'));
  for (const [stage, text] of choiceLines(doc)) out.push(`  ${stage.padEnd(13)} ${text}`);
  if (card.busy) out.push('', st.warn(`⚠ ${card.busy}`));
  out.push('', st.heading(`Verdicts (scale ${doc.design.scale})`));
  for (const v of card.verdicts) {
    const mark = v.verdict === 'holds' ? st.good(MARK.holds) : v.verdict === 'fails' ? st.bad(MARK.fails) : st.warn(MARK.inconclusive);
    out.push(`  ${mark.padEnd(16)} ${v.kind === 'check' ? '(check) ' : ''}${v.text}`);
  }
  out.push('', st.heading(`Scorecard (latency over n = ${card.requests} requests, open loop at the target QPS; 95% intervals)`));
  const w = Math.max(...card.rows.map((r) => r.label.length));
  for (const r of card.rows) {
    const value = `${fmt(r.value)}${r.unit ? ` ${r.unit}` : ''}`;
    out.push(`  ${r.label.padEnd(w)}  ${value.padStart(12)}  ${r.interval ? st.dim(`[${fmt(r.interval[0])}, ${fmt(r.interval[1])}]`) : ''}`.trimEnd());
  }
  out.push('', ...bindingLines(card), '', st.heading('The whole run'), '', formatRunText(doc.run, scenario, opts));
  return out.join('\n').trimEnd() + '\n';
}

/** The scorecard and then the whole run, as markdown (the debrief of a mock interview). */
export function formatDesignMarkdown(doc: DesignDocument, scenario: Scenario): string {
  const card = doc.scorecard;
  const md = [`# Design review — ${doc.design.title}`, '', `> ${doc.design.question.trim()}`, ''];
  if (doc.design.description) md.push(doc.design.description, '');
  md.push('## Choices by stage', '', '| stage | choices |', '|---|---|', ...choiceLines(doc).map(([s, t]) => `| ${s} | ${t} |`), '');
  if (card.busy) md.push(`> ⚠️ ${card.busy[0].toUpperCase()}${card.busy.slice(1)}.`, '');
  md.push(`## Verdicts (scale ${doc.design.scale})`, '', ...card.verdicts.map((v) => `- ${MD_MARK[v.verdict]} — ${v.kind === 'check' ? '(check) ' : ''}${v.text}`), '');
  md.push(`## Scorecard`, '', `Latency over n = ${card.requests} requests, open loop at the target QPS; intervals are 95% bootstrap intervals.`, '');
  md.push('| figure | value | 95% interval |', '|---|---:|---|', ...card.rows.map((r) => `| ${r.label} | ${fmt(r.value)}${r.unit ? ` ${r.unit}` : ''} | ${r.interval ? `${fmt(r.interval[0])} – ${fmt(r.interval[1])}` : 'exact'} |`), '');
  md.push(...bindingLines(card).flatMap((l) => [l, '']));
  md.push(formatRunMarkdown(doc.run, scenario, { headingLevel: 2 }));
  return md.join('\n').trimEnd() + '\n';
}

/** The review as report blocks for the HTML page: choices, scorecard, then the whole run (its claims are the verdicts). */
export function designBlocks(doc: DesignDocument, scenario: Scenario): Block[] {
  const blocks: Block[] = [{ kind: 'heading', text: `Design review — ${doc.design.title}`, level: 1 }, { kind: 'paragraph', text: doc.design.question.trim() }];
  if (doc.design.description) blocks.push({ kind: 'paragraph', text: doc.design.description });
  blocks.push({ kind: 'heading', text: 'Choices by stage', level: 2 }, { kind: 'table', columns: ['stage', 'choices'], rows: choiceLines(doc) });
  blocks.push({ kind: 'heading', text: `Scorecard (scale ${doc.run.scale})`, level: 2 }, ...scorecardBlocks(doc.run));
  blocks.push({ kind: 'heading', text: 'The whole run', level: 2 });
  // the run's own title would repeat the design's: its blocks follow one level down
  for (const b of buildReport(doc.run, scenario)) blocks.push(b.kind === 'heading' ? { ...b, level: Math.min(4, (b.level ?? 2) + 1) } : b);
  return blocks;
}
