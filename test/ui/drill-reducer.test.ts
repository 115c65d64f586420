// The drill screen's transitions, without rendering: open (from the lesson pane and from home), move, toggle,
// submit (scored by scorePick, the history append asked of an effect), back.
import { describe, expect, it } from 'vitest';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import { interpret } from '../../src/ui/state/input.js';
import { drillRecord } from '../../src/ui/state/drill.js';
import { pickOptions } from '../../src/scenario/drill/index.js';
import { Rng } from '../../src/core/rng.js';
import type { Action, State } from '../../src/ui/state/types.js';
import type { Command } from '../../src/ui/keymap.js';
import { scalingDrill, scenarios } from './fixtures.js';

const cmd = (command: Command, at = 0): Action => ({ type: 'command', command, at });
const apply = (state: State, ...actions: Action[]) => actions.reduce(reducer, state);
const loaded = () => apply(initialState({ scale: 'tiny', seed: 7, columns: 100, rows: 30 }), { type: 'scenarios-loaded', scenarios });
/** home → ANN → its lesson (scaling) → d, question loaded at t=1000 */
const onDrill = () => apply(loaded(), cmd('nav.down'), cmd('select'), cmd('lesson'), cmd('drill', 500), { type: 'drill-loaded', question: scalingDrill, at: 1000 });

describe('drill screen', () => {
  it('d on the lesson pane opens the drill of that lesson; the options are shuffled by the session seed', () => {
    const opened = apply(loaded(), cmd('nav.down'), cmd('select'), cmd('lesson'), cmd('drill', 500));
    expect(opened.screen).toBe('drill');
    expect(opened.stack).toEqual(['home', 'scenario', 'lesson']);
    expect(opened.drill).toEqual({ lesson: 'scaling', mode: 'pick', cursor: 0, picked: [], openedAt: 500 });
    const s = apply(opened, { type: 'drill-loaded', question: scalingDrill, at: 1000 });
    expect(s.drill!.startedAt).toBe(1000);
    expect(s.drill!.options).toEqual(pickOptions(scalingDrill, new Rng(7).fork('options:scaling')));
    expect(s.drill!.options).toHaveLength(3);
  });
  it('D on home opens the drill of the lesson under the cursor; plain d still types into the filter', () => {
    const s = apply(loaded(), cmd('nav.down'), cmd('drill.home'));
    expect(s.screen).toBe('drill');
    expect(s.drill!.lesson).toBe('scaling');
    expect(s.stack).toEqual(['home']);
    expect(interpret(loaded(), 'D', {}, 0)).toEqual({ type: 'command', command: 'drill.home', at: 0 });
    expect(interpret(loaded(), 'd', {}, 0)).toEqual({ type: 'text', text: 'd' });
  });
  it('a question for another lesson or a failed load does not replace the open drill', () => {
    const opened = apply(loaded(), cmd('nav.down'), cmd('drill.home'));
    expect(apply(opened, { type: 'drill-loaded', question: { ...scalingDrill, lesson: 'other' }, at: 1 }).drill!.question).toBeUndefined();
    expect(apply(opened, { type: 'drill-failed', lesson: 'scaling', message: 'no question' }).drill!.error).toBe('no question');
  });
  it('↑/↓ move within the options and clamp; space (or x) toggles a pick', () => {
    let s = apply(onDrill(), cmd('nav.up'));
    expect(s.drill!.cursor).toBe(0);
    s = apply(s, cmd('nav.down'), cmd('nav.down'), cmd('nav.down'));
    expect(s.drill!.cursor).toBe(2);
    s = apply(s, cmd('toggle'), cmd('nav.up'), cmd('nav.up'), cmd('toggle'));
    expect(s.drill!.picked).toEqual([0, 2]);
    expect(apply(s, cmd('toggle')).drill!.picked).toEqual([2]);
    expect(interpret(s, ' ', {}, 0)).toEqual({ type: 'command', command: 'toggle', at: 0 });
    expect(interpret(s, 'j', {}, 0)).toEqual({ type: 'command', command: 'nav.down', at: 0 });
  });
  it('Enter scores the picks per part and asks for the history append; picks and score are then fixed', () => {
    const s0 = onDrill();
    const options = s0.drill!.options!;
    const outline = options.map((o, i) => (o.kind === 'outline' ? i : -1)).filter((i) => i >= 0);
    const distractor = options.findIndex((o) => o.kind === 'distractor');
    // pick the first outline part and the distractor
    let s = s0;
    for (const target of [outline[0], distractor].sort((a, b) => a - b)) {
      while (s.drill!.cursor < target) s = apply(s, cmd('nav.down'));
      s = apply(s, cmd('toggle'));
    }
    s = apply(s, cmd('select', 61_000));
    const score = s.drill!.score!;
    expect(score).toMatchObject({ hits: 1, misses: 1, falsePicks: 1, outlineParts: 2, score: 0 });
    expect(score.parts[outline[1]].outcome).toBe('miss');
    expect(score.parts[distractor].outcome).toBe('false-pick');
    expect(s.drill!.save).toBe('pending');
    const after = apply(s, cmd('toggle'), cmd('select', 99_000)).drill!;
    expect([after.picked, after.score, after.endedAt]).toEqual([s.drill!.picked, s.drill!.score, 61_000]);
    expect(drillRecord(s.drill!, 7)).toMatchObject({ schema: 'recsys-lab/drill@1', lesson: 'scaling', mode: 'pick', seed: 7, elapsedMs: 60_000, hits: 1, falsePicks: 1, timedOut: false });
    expect(apply(s, { type: 'drill-saved' }).drill!.save).toBe('saved');
    const failed = apply(s, { type: 'drill-save-failed', message: 'EACCES' });
    expect(failed.drill!.save).toBe('failed');
    expect(failed.message).toEqual({ kind: 'error', text: 'drill not saved: EACCES' });
  });
  it('Esc goes back to the screen the drill was opened from and drops the drill', () => {
    const s = apply(onDrill(), cmd('back'));
    expect(s.screen).toBe('lesson');
    expect(s.drill).toBeUndefined();
    const fromHome = apply(loaded(), cmd('drill.home'), cmd('back'));
    expect(fromHome.screen).toBe('home');
  });
});

describe('drill result', () => {
  it('after submitting, ↑/↓ scroll the scored view and clamp to its rows', () => {
    let s = apply(onDrill(), cmd('select', 2000));
    expect(s.drill!.scroll ?? 0).toBe(0);
    s = apply(s, cmd('nav.up'));
    expect(s.drill!.scroll ?? 0).toBe(0);
    // 3 parts + blank + heading + 2 outline + blank + measured heading + its invitation + blank + heading + 1 follow-up = 13 rows
    for (let i = 0; i < 20; i++) s = apply(s, cmd('nav.down'));
    expect(s.drill!.scroll).toBe(12);
  });
});
