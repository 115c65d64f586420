// The drill screen's pick mode timer, without rendering: the timer scores the picks made at its deadline (not a
// millisecond before), as the CLI scores them, and the history record carries the pick minutes and timedOut as the
// CLI writes them.
import { describe, expect, it } from 'vitest';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import { answerDeadline, drillRecord, PICK_MINUTES, WRITE_MINUTES } from '../../src/ui/state/drill.js';
import { drillPhase } from '../../src/ui/state/drill-view.js';
import { DEFAULT_DRILL_MINUTES, scorePick } from '../../src/scenario/drill.js';
import { drillRecord as cliDrillRecord } from '../../src/scenario/drill-history.js';
import type { Action, State } from '../../src/ui/state/types.js';
import type { Command, KeyFlags } from '../../src/ui/keymap.js';
import { scalingDrill, scenarios } from './fixtures.js';

const cmd = (command: Command, at = 0): Action => ({ type: 'command', command, at });
/** a raw key press, as ink reports it */
const key = (input: string, flags: KeyFlags = {}, at = 0): Action => ({ type: 'key', input, key: flags, at });
const TAB = (at: number) => key('', { tab: true }, at);
const timeUp = (at: number): Action => ({ type: 'drill-time-up', at });
const apply = (state: State, ...actions: Action[]) => actions.reduce(reducer, state);
const loaded = () => apply(initialState({ scale: 'tiny', seed: 7, columns: 100, rows: 30 }), { type: 'scenarios-loaded', scenarios });
/** home → D on the ANN scenario (lesson scaling), question loaded at t=1000, in pick mode */
const onDrill = () => apply(loaded(), cmd('nav.down'), cmd('drill.home', 500), { type: 'drill-loaded', question: scalingDrill, at: 1000 });
/** the same with the first option picked */
const picked = () => apply(onDrill(), key(' '));
const DEADLINE = 1000 + PICK_MINUTES * 60_000;

describe('drill pick mode timer', () => {
  it('gives pick mode the CLI default of 3 minutes and write mode 5, from when the question (or the mode) started', () => {
    expect([PICK_MINUTES, WRITE_MINUTES]).toEqual([DEFAULT_DRILL_MINUTES.pick, DEFAULT_DRILL_MINUTES.write]);
    expect(PICK_MINUTES).toBe(3);
    expect(answerDeadline(onDrill().drill!)).toBe(181_000);
    expect(answerDeadline(apply(onDrill(), TAB(2000)).drill!)).toBe(2000 + 5 * 60_000);
  });
  it('the timer does nothing before the deadline; at it the picks made are scored as scorePick scores them', () => {
    let s = apply(picked(), timeUp(DEADLINE - 1));
    expect(drillPhase(s.drill!)).toBe('pick');
    expect(s.drill!.score).toBeUndefined();
    s = apply(s, timeUp(DEADLINE));
    expect(drillPhase(s.drill!)).toBe('scored');
    expect(s.drill).toMatchObject({ endedAt: DEADLINE, timedOut: true, save: 'pending', picked: [0] });
    expect(s.drill!.score).toEqual(scorePick(s.drill!.options!, [0]));
    // scored once: a late second report changes nothing
    expect(apply(s, timeUp(DEADLINE + 60_000)).drill).toEqual(s.drill);
  });
  it('the history record of a timed-out pick is the one the CLI writes: 3 minutes, timedOut, no answer text', () => {
    const s = apply(picked(), timeUp(DEADLINE));
    const record = drillRecord(s.drill!, 7)!;
    expect(record).toMatchObject({ mode: 'pick', minutes: 3, timedOut: true, elapsedMs: PICK_MINUTES * 60_000 });
    expect(record).not.toHaveProperty('answer');
    expect(record).toEqual(cliDrillRecord({
      lesson: 'scaling', mode: 'pick', seed: 7, minutes: DEFAULT_DRILL_MINUTES.pick, elapsedMs: PICK_MINUTES * 60_000,
      timedOut: true, score: scorePick(s.drill!.options!, [0]), at: new Date(DEADLINE),
    }));
  });
  it('with nothing picked the timer scores nothing picked (every outline part missed), as the CLI does', () => {
    const s = apply(onDrill(), timeUp(DEADLINE));
    expect(s.drill!.score).toMatchObject({ hits: 0, misses: 2, falsePicks: 0, rejected: 1, score: 0 });
  });
  it('Enter before the deadline records 3 minutes and timedOut false', () => {
    const s = apply(picked(), cmd('select', 61_000));
    expect(drillRecord(s.drill!, 7)).toMatchObject({ mode: 'pick', minutes: 3, timedOut: false, elapsedMs: 60_000 });
  });
  it('Tab to write and back restarts the pick timer: the first deadline no longer ends it, the new one does', () => {
    let s = apply(picked(), TAB(2000), TAB(5000), timeUp(DEADLINE));
    expect(drillPhase(s.drill!)).toBe('pick');
    s = apply(s, timeUp(5000 + PICK_MINUTES * 60_000));
    expect(s.drill).toMatchObject({ timedOut: true, endedAt: 5000 + PICK_MINUTES * 60_000 });
    // and the pick deadline does not end a written answer (the write mode's own 5 minutes do)
    const writing = apply(onDrill(), TAB(2000), timeUp(2000 + PICK_MINUTES * 60_000));
    expect(drillPhase(writing.drill!)).toBe('write');
  });
});
