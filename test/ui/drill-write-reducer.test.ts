// The drill screen's write mode and its measured numbers, without rendering: Tab to write, keys typed into the
// answer (through the same key interpretation the app uses), Ctrl-D or the timer to finish, marking, scoring
// (checked against scoreWrite on the same marks, the CLI's scorer), the history record, leaving with an unsaved
// answer, and the measurement's request / progress / cancel / done transitions.
import { describe, expect, it } from 'vitest';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import { interpret } from '../../src/ui/state/input.js';
import { drillRecord } from '../../src/ui/state/drill.js';
import { drillHints, drillPhase, measuredRow, resultSections, textAreaRows } from '../../src/ui/state/drill-view.js';
import { DEFAULT_DRILL_MINUTES, formatMeasured, scoreWrite, type MeasuredScenario } from '../../src/scenario/drill/index.js';
import type { Action, DrillMeasureUpdate, State } from '../../src/ui/state/types.js';
import type { Command, KeyFlags } from '../../src/ui/keymap.js';
import { scalingDrill, scenarios } from './fixtures.js';

const cmd = (command: Command, at = 0): Action => ({ type: 'command', command, at });
/** a raw key press, as ink reports it */
const key = (input: string, flags: KeyFlags = {}, at = 0): Action => ({ type: 'key', input, key: flags, at });
const TAB = key('', { tab: true }, 2000);
const ENTER = key('\r', { return: true });
const ESC = key('', { escape: true, meta: true });
const BACKSPACE = key('', { backspace: true });
const CTRL_D = (at: number) => key('d', { ctrl: true }, at);
const apply = (state: State, ...actions: Action[]) => actions.reduce(reducer, state);
const loaded = () => apply(initialState({ scale: 'tiny', seed: 7, columns: 100, rows: 30 }), { type: 'scenarios-loaded', scenarios });
/** home → D on the ANN scenario (lesson scaling), question loaded at t=1000 */
const onDrill = () => apply(loaded(), cmd('nav.down'), cmd('drill.home', 500), { type: 'drill-loaded', question: scalingDrill, at: 1000 });
/** the same, switched to write mode with Tab at t=2000 */
const writing = () => apply(onDrill(), TAB);
const measure = (id: number, update: DrillMeasureUpdate): Action => ({ type: 'drill-measure', id, update });

describe('drill write mode', () => {
  it('Tab switches pick → write and restarts the timer; the footer lists the answer keys; the next drill opens in write mode', () => {
    const s = writing();
    expect(drillPhase(s.drill!)).toBe('write');
    expect(s.drill).toMatchObject({ mode: 'write', startedAt: 2000, answer: '' });
    expect(s.drillMode).toBe('write');
    expect(drillHints(s.drill!)).toEqual(expect.arrayContaining(['Enter new line', 'Ctrl-D finish', 'Tab pick mode', 'Esc leave']));
    const next = apply(s, ESC, cmd('drill.home', 3000));
    expect(next.drill).toMatchObject({ lesson: 'scaling', mode: 'write' });
  });
  it('in the answer, letters that are commands elsewhere are text; Enter, Ctrl-D, Tab, Esc, Backspace and Ctrl-C keep their jobs', () => {
    const s = writing();
    for (const ch of ['q', 'b', 'j', 'k', 'm', 'x', ' ', '?', 'D']) expect(interpret(s, ch, {}, 0)).toEqual({ type: 'text', text: ch });
    expect(interpret(s, '\r', { return: true }, 0)).toEqual({ type: 'command', command: 'select', at: 0 });
    expect(interpret(s, 'd', { ctrl: true }, 0)).toEqual({ type: 'command', command: 'drill.finish', at: 0 });
    expect(interpret(s, '', { tab: true }, 0)).toEqual({ type: 'command', command: 'drill.mode', at: 0 });
    expect(interpret(s, '', { escape: true }, 0)).toEqual({ type: 'command', command: 'back', at: 0 });
    expect(interpret(s, '', { backspace: true }, 0)).toEqual({ type: 'backspace' });
    expect(interpret(s, 'c', { ctrl: true }, 0)).toEqual({ type: 'command', command: 'quit', at: 0, force: true, interrupt: true });
    // in pick mode the same letters stay commands
    expect(interpret(onDrill(), 'j', {}, 0)).toEqual({ type: 'command', command: 'nav.down', at: 0 });
  });
  it('typing builds the answer: a fast chunk, Enter for a new line, Backspace erases one character (a whole emoji)', () => {
    let s = apply(writing(), key('ANN with ef'), ENTER, key('shard 🚀'));
    expect(s.drill!.answer).toBe('ANN with ef\nshard 🚀');
    s = apply(s, BACKSPACE, BACKSPACE);
    expect(s.drill!.answer).toBe('ANN with ef\nshard');
    // a chunk with a carriage return in it (typed fast, or pasted) breaks the line too
    expect(apply(writing(), key('a\rb')).drill!.answer).toBe('a\nb');
    expect(apply(writing(), BACKSPACE).drill!.answer).toBe('');
  });
  it('Tab back to pick mode keeps the typed answer and the picks; Tab again restores the answer', () => {
    let s = apply(onDrill(), cmd('toggle'), TAB, key('draft'), key('', { tab: true }, 3000));
    expect(s.drill).toMatchObject({ mode: 'pick', picked: [0], answer: 'draft', startedAt: 3000 });
    s = apply(s, key('', { tab: true }, 4000));
    expect(s.drill).toMatchObject({ mode: 'write', answer: 'draft', startedAt: 4000 });
  });
  it('Ctrl-D ends the answer; marking starts with every part not covered, and typing no longer changes the answer', () => {
    const s = apply(writing(), key('shard the index'), CTRL_D(60_000));
    expect(drillPhase(s.drill!)).toBe('mark');
    expect(s.drill).toMatchObject({ writtenAt: 60_000, timedOut: false, marks: [false, false], cursor: 0 });
    expect(interpret(s, 'q', {}, 0)).toEqual({ type: 'command', command: 'quit', at: 0 });
    expect(apply(s, { type: 'text', text: 'more' }, { type: 'backspace' }).drill!.answer).toBe('shard the index');
    // Tab does not switch mode once the answer is written
    expect(apply(s, TAB).drill!.mode).toBe('write');
  });
  it('space toggles the part under the cursor; Enter scores exactly as scoreWrite scores the same marks', () => {
    let s = apply(writing(), key('shard the index'), CTRL_D(60_000), cmd('nav.down'), cmd('toggle'), cmd('nav.down'), cmd('toggle'), cmd('toggle'));
    // ↓ past the last part stays on it; three toggles leave it covered
    expect(s.drill!.cursor).toBe(1);
    expect(s.drill!.marks).toEqual([false, true]);
    s = apply(s, cmd('select', 90_000));
    expect(drillPhase(s.drill!)).toBe('scored');
    expect(s.drill!.score).toEqual(scoreWrite(scalingDrill, [false, true]));
    expect(s.drill!.score).toMatchObject({ hits: 1, misses: 1, falsePicks: 0, outlineParts: 2, score: 0.5 });
    expect(s.drill!.save).toBe('pending');
    // the record keeps the answer, the write timer and the elapsed time from Tab (t=2000) to scoring, as the CLI does
    expect(drillRecord(s.drill!, 7)).toMatchObject({
      mode: 'write', lesson: 'scaling', seed: 7, minutes: DEFAULT_DRILL_MINUTES.write, elapsedMs: 88_000, timedOut: false,
      answer: 'shard the index', hits: 1, misses: 1, score: 0.5,
    });
    // marks and score are fixed after scoring
    expect(apply(s, cmd('toggle'), cmd('select', 99_000)).drill!.score).toEqual(s.drill!.score);
  });
  it('unmarked parts count as not covered (scoreWrite with no marks)', () => {
    const s = apply(writing(), CTRL_D(3000), cmd('select', 4000));
    expect(s.drill!.score).toEqual(scoreWrite(scalingDrill, []));
    expect(s.drill!.score!.score).toBe(0);
    expect(drillRecord(s.drill!, 7)!.answer).toBe('');
  });
  it('the timer ends the answer at its deadline, not before; a timer from before a mode switch is ignored', () => {
    const deadline = 2000 + DEFAULT_DRILL_MINUTES.write * 60_000;
    let s = apply(writing(), key('half an answer'), { type: 'drill-time-up', at: deadline - 1 });
    expect(drillPhase(s.drill!)).toBe('write');
    s = apply(s, { type: 'drill-time-up', at: deadline });
    expect(s.drill).toMatchObject({ writtenAt: deadline, timedOut: true });
    s = apply(s, cmd('select', deadline + 5000));
    expect(drillRecord(s.drill!, 7)).toMatchObject({ timedOut: true, answer: 'half an answer', elapsedMs: DEFAULT_DRILL_MINUTES.write * 60_000 + 5000 });
    // switching pick → write at t=10 s restarts the clock: the old deadline no longer ends the answer
    const restarted = apply(writing(), key('', { tab: true }, 5000), key('', { tab: true }, 10_000), { type: 'drill-time-up', at: deadline });
    expect(drillPhase(restarted.drill!)).toBe('write');
  });
  it('Esc over an unsaved answer asks first; any other key keeps it; Esc twice leaves; an empty answer leaves at once', () => {
    let s = apply(writing(), key('my answer'), ESC);
    expect(s.screen).toBe('drill');
    expect(s.drill!.confirmLeave).toBe('back');
    s = apply(s, key('!'));
    expect(s.drill).toMatchObject({ confirmLeave: undefined, answer: 'my answer!' });
    s = apply(s, ESC, ESC);
    expect(s.screen).toBe('home');
    expect(s.drill).toBeUndefined();
    expect(apply(writing(), ESC).screen).toBe('home');
    // while marking too
    const marking = apply(writing(), key('x'), CTRL_D(3000), ESC);
    expect([marking.screen, marking.drill!.confirmLeave]).toEqual(['drill', 'back']);
    expect(apply(marking, cmd('nav.down')).drill!.confirmLeave).toBeUndefined();
  });
  it('the scored view shows the answer and the common wrong answers, and scrolls within its rows', () => {
    let s = apply(writing(), key('line one'), ENTER, key('line two'), CTRL_D(3000), cmd('select', 4000));
    const rows = resultSections(s.drill!);
    const texts = rows.map((r) => ('text' in r ? r.text : 'label' in r ? r.label : ''));
    expect(texts).toEqual(expect.arrayContaining(['Your answer', '  line one', '  line two', 'Common wrong answers — did yours say one of these?', `  • ${scalingDrill.distractors[0].detail}`]));
    expect(rows.filter((r) => r.kind === 'part')).toHaveLength(2);
    for (let i = 0; i < 30; i++) s = apply(s, cmd('nav.down'));
    expect(s.drill!.scroll).toBe(rows.length - 1);
  });
});

describe('text area rows', () => {
  it('hard-wraps each line at the width and draws the cursor after the last character', () => {
    expect(textAreaRows('', 5)).toEqual(['█']);
    expect(textAreaRows('abcdefg\n\nxy', 5)).toEqual(['abcde', 'fg', '', 'xy█']);
    // a full last row puts the cursor on the next
    expect(textAreaRows('abcde', 5)).toEqual(['abcde', '█']);
    expect(textAreaRows('abcde', 5, '')).toEqual(['abcde']);
  });
});

const measured: MeasuredScenario[] = [{
  scenario: 'ann-recall-latency', title: 'HNSW against exact search', scale: 'tiny',
  headline: [{ metric: 'recall_at_10', value: 0.91 }, { metric: 'p99_ms', value: 0.42 }],
  claims: [{ text: 'HNSW reaches recall@10 ≥ 0.95 below 1 ms p99', expr: 'recall_at_10 >= 0.95 and p99_ms < 1', kind: 'finding', verdict: 'fails', holds: false, share: 0, replicates: 1, observed: { recall_at_10: 0.91 } }],
  durationMs: 2100,
}];
const scored = () => apply(onDrill(), cmd('toggle'), cmd('select', 5000));

describe('drill measured numbers', () => {
  it('m does nothing before the drill is scored (and is a letter of a written answer)', () => {
    expect(apply(onDrill(), cmd('drill.measure')).drill!.measure).toBeUndefined();
    const typed = apply(writing(), key('m')).drill!;
    expect([typed.answer, typed.measure]).toEqual(['m', undefined]);
  });
  it('after scoring, m asks for a measurement at tiny, once; each request has its own id across drills', () => {
    const s = apply(scored(), key('m'));
    expect(s.drill!.measure).toEqual({ id: 1, status: 'requested', scale: 'tiny' });
    expect(apply(s, key('m')).drill!.measure!.id).toBe(1);
    expect(drillHints(s.drill!)).toEqual(['Esc cancel measuring']);
    const again = apply(s, measure(1, { kind: 'cancelled' }), ESC, cmd('drill.home', 9000), { type: 'drill-loaded', question: scalingDrill, at: 9000 },
      cmd('select', 9500), key('m'));
    expect(again.drill!.measure!.id).toBe(2);
  });
  it('folds progress, ignores reports for an older request, and scrolls to the numbers when they arrive', () => {
    let s = apply(scored(), key('m'), measure(1, { kind: 'scenario', scenario: 'ann-recall-latency', index: 0, total: 1 }),
      measure(1, { kind: 'event', event: { type: 'progress', stage: 'build', fraction: 0.4 } }));
    expect(s.drill!.measure).toMatchObject({ status: 'running', scenario: 'ann-recall-latency', index: 0, total: 1, stage: 'build', fraction: 0.4 });
    expect(apply(s, measure(9, { kind: 'failed', message: 'stale' })).drill!.measure!.status).toBe('running');
    s = apply(s, measure(1, { kind: 'done', measured }));
    expect(s.drill!.measure!.status).toBe('done');
    const rows = resultSections(s.drill!);
    expect(rows[s.drill!.scroll!]).toEqual({ kind: 'heading', text: 'Measured on this machine (scale tiny)', measured: true });
    expect(s.drill!.scroll).toBe(measuredRow(s.drill!));
    // the rows are formatMeasured's lines, as the CLI prints them; the claim that failed is marked as an error
    const lines = formatMeasured(measured);
    const texts = rows.flatMap((r) => (r.kind === 'text' ? [r.text] : []));
    for (const l of lines) expect(texts).toContain(l);
    expect(rows.find((r) => r.kind === 'text' && r.text.includes('✗ fails'))).toMatchObject({ tone: 'error' });
    // measured once: m no longer asks again, and the footer stops offering it
    expect(apply(s, key('m')).drill!.measure!.status).toBe('done');
    expect(drillHints(s.drill!)).not.toContain('m measure');
  });
  it('Esc while measuring cancels instead of leaving; after the run stops, Esc leaves and m may run it again', () => {
    let s = apply(scored(), key('m'), measure(1, { kind: 'scenario', scenario: 'ann-recall-latency', index: 0, total: 1 }), ESC);
    expect([s.screen, s.drill!.measure!.status]).toEqual(['drill', 'cancelling']);
    // progress still arriving does not undo the cancel; a second Esc waits for it
    s = apply(s, measure(1, { kind: 'event', event: { type: 'progress', stage: 'build', fraction: 0.9 } }), ESC);
    expect([s.screen, s.drill!.measure!.status]).toEqual(['drill', 'cancelling']);
    s = apply(s, measure(1, { kind: 'cancelled' }));
    expect(s.drill!.measure!.status).toBe('cancelled');
    expect(apply(s, key('m')).drill!.measure).toEqual({ id: 2, status: 'requested', scale: 'tiny' });
    expect(apply(s, ESC).screen).toBe('home');
  });
  it('a failed measurement says why and may be retried', () => {
    const s = apply(scored(), key('m'), measure(1, { kind: 'failed', message: 'out of memory' }));
    expect(resultSections(s.drill!)).toContainEqual({ kind: 'text', text: 'could not measure: out of memory — m tries again', tone: 'error' });
    expect(apply(s, key('m')).drill!.measure!.status).toBe('requested');
  });
});
