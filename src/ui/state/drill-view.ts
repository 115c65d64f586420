/**
 * What the drill screen shows, derived from its state and pure: the phase, the rows of the scored view (one list
 * that both the screen draws and the reducer clamps its scroll against), the footer hints, and the text area's rows.
 */
import { keymap, type Command } from '../keymap.js';
import { formatMeasured, type PartOutcome } from '../../scenario/drill/index.js';
import type { DrillState } from './types.js';

export type DrillPhase = 'loading' | 'pick' | 'write' | 'mark' | 'scored';

export function drillPhase(d: DrillState): DrillPhase {
  if (!d.question || !d.options || d.error !== undefined) return 'loading';
  if (d.score) return 'scored';
  if (d.mode === 'pick') return 'pick';
  return d.writtenAt === undefined ? 'write' : 'mark';
}

export function isMeasuring(d: DrillState): boolean {
  const s = d.measure?.status;
  return s === 'requested' || s === 'running' || s === 'cancelling';
}

/** One row of the scored view; a text row may wrap on screen but scrolls as one. */
export type DrillRow =
  | { kind: 'part'; outcome: PartOutcome; label: string }
  | { kind: 'blank' }
  | { kind: 'heading'; text: string; measured?: boolean }
  | { kind: 'text'; text: string; tone?: 'secondary' | 'success' | 'error' | 'warning' };

const heading = (text: string, measured?: boolean): DrillRow => ({ kind: 'heading', text, ...(measured ? { measured } : {}) });
const text = (t: string, tone?: 'secondary' | 'success' | 'error' | 'warning'): DrillRow => ({ kind: 'text', text: t, ...(tone ? { tone } : {}) });
const blank: DrillRow = { kind: 'blank' };

/** The "Measured on this machine" rows: an invitation, the state of the run, or formatMeasured's lines. */
function measuredRows(d: DrillState, scale: string): DrillRow[] {
  const m = d.measure;
  const rows: DrillRow[] = [blank, heading(`Measured on this machine (scale ${m?.scale ?? scale})`, true)];
  if (!m) return [...rows, text(`m runs this lesson's scenarios here (the numbers behind the answer), a few seconds each at ${scale}.`, 'secondary')];
  switch (m.status) {
    case 'requested':
    case 'running': return [...rows, text('running… (progress above; Esc cancels)', 'secondary')];
    case 'cancelling': return [...rows, text('cancelling…', 'secondary')];
    case 'cancelled': return [...rows, text('cancelled — m runs them again', 'secondary')];
    case 'failed': return [...rows, text(`could not measure: ${m.error ?? 'unknown error'} — m tries again`, 'error')];
    case 'done': {
      const lines = formatMeasured(m.measured ?? []);
      if (lines.length === 0) return [...rows, text('(this lesson names no scenario)', 'secondary')];
      // formatMeasured marks each claim ✓ holds / ✗ fails / ? inconclusive; colour repeats what the characters say
      return [...rows, ...lines.map((l) => text(l, /^\s+✓/.test(l) ? 'success' : /^\s+✗/.test(l) ? 'error' : /^\s+\?/.test(l) ? 'warning' : undefined))];
    }
  }
}

/** Every row of the scored view, in the CLI drill's order: score per part, the outline (pick) or the answer and the common wrong answers (write), the measured numbers, the follow-ups. */
export function resultSections(d: DrillState, scale = 'tiny'): DrillRow[] {
  const q = d.question;
  const s = d.score;
  if (!q || !s) return [];
  const rows: DrillRow[] = s.parts.map((p) => ({ kind: 'part', outcome: p.outcome, label: p.part.label }));
  if (s.order !== undefined) rows.push(text(`  in order: ${Math.round(s.order * 100)}% (Kendall's τ of your order against the steps', floored at 0); the score is the parts times the order`));
  if (d.mode === 'pick') {
    rows.push(blank, heading('What a strong answer covers'), ...q.outline.map((p, i) => text(`  ${i + 1}. ${p.detail}`)));
  } else {
    const answer = (d.answer ?? '').split('\n');
    rows.push(blank, heading(d.timedOut ? 'Your answer (the timer ended it)' : 'Your answer'));
    rows.push(...((d.answer ?? '').trim() === '' ? [text('  (empty)', 'secondary')] : answer.map((l) => text(`  ${l}`))));
    if (q.distractors.length) {
      rows.push(blank, heading('Common wrong answers — did yours say one of these?'), ...q.distractors.map((p) => text(`  • ${p.detail}`)));
    }
  }
  rows.push(...measuredRows(d, scale));
  if (q.followUps.length) rows.push(blank, heading('Follow-up questions'), ...q.followUps.map((f) => text(`  - ${f}`)));
  return rows;
}

export function resultRows(d: DrillState): number {
  return resultSections(d).length;
}

/** The row where the measured numbers start (the view scrolls there when they arrive). */
export function measuredRow(d: DrillState): number {
  return Math.max(0, resultSections(d).findIndex((r) => r.kind === 'heading' && r.measured === true));
}

const k = (c: Command) => keymap[c].label;

/**
 * The one-line question over an answer in progress, naming the key that confirms (the one that asked: in the text
 * area b is a letter, so only Esc) and what would be dropped. Short enough for 80 columns.
 */
export function leavePrompt(d: DrillState): string | undefined {
  if (!d.confirmLeave) return undefined;
  const dropped = [d.picked.length > 0 ? 'picks' : '', (d.answer ?? '').trim() !== '' ? 'answer' : ''].filter(Boolean).join(' and ');
  const what = `your ${dropped || 'answer'}`;
  if (d.confirmLeave === 'quit') return `Quit? ${k('quit')} again quits and drops ${what}; any other key stays.`;
  const key = drillPhase(d) === 'write' ? 'Esc' : 'Esc/b';
  return `Leave this drill? ${key} again drops ${what}; any other key stays.`;
}

/** The footer for the drill's phase: only the keys that do something now. */
export function drillHints(d: DrillState): string[] {
  const common = [`${k('help')} help`, `${k('quit')} quit`];
  switch (drillPhase(d)) {
    case 'loading': return [`${k('back')} back`, ...common];
    // short enough for 80 columns; the help screen has the alternatives (x for space, k/j for ↑/↓)
    case 'pick': return ['↑/↓ move', 'space pick', `${k('select')} submit`, `${k('drill.mode')} write`, `${k('back')} leave`, ...common];
    // letters are text here: only the named keys, and Ctrl-C to quit
    case 'write': return [`${k('select')} new line`, `${k('drill.finish')} finish`, `${k('drill.mode')} pick mode`, `${k('back')} leave`, 'Ctrl-C quit'];
    case 'mark': return ['↑/↓ move', 'space covered/not', `${k('select')} score`, `${k('back')} leave`, ...common];
    case 'scored':
      if (isMeasuring(d)) return [`${k('back')} cancel measuring`];
      return ['↑/↓ scroll', ...(d.measure?.status === 'done' ? [] : [`${k('drill.measure')} measure`]), `${k('back')} back`, ...common];
  }
}

/**
 * The answer as screen rows of at most `width` characters: each line hard-wrapped (a text area, not prose), with
 * the cursor drawn after the last character. O(length of the answer).
 */
export function textAreaRows(answer: string, width: number, cursor = '█'): string[] {
  const w = Math.max(1, width);
  const rows: string[] = [];
  for (const line of answer.split('\n')) {
    const chars = Array.from(line);
    if (chars.length === 0) rows.push('');
    for (let i = 0; i < chars.length; i += w) rows.push(chars.slice(i, i + w).join(''));
  }
  const last = rows.length - 1;
  if (cursor === '') return rows;
  if (Array.from(rows[last]).length < w) rows[last] += cursor;
  else rows.push(cursor);
  return rows;
}
