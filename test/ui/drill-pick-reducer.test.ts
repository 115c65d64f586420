// The drill screen's pick mode timer and the guard against losing a drill in progress, without rendering: the
// timer scores the picks made at its deadline (not a millisecond before), as the CLI scores them, and the history
// record carries the pick minutes and timedOut as the CLI writes them; q and Esc/b over an answer in progress ask
// first (the same key again goes, any other key stays), Ctrl-C quits at once, and nothing picked leaves at once.
import { describe, expect, it } from 'vitest';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import { answerDeadline, drillRecord } from '../../src/ui/state/drill.js';
import { drillPhase, leavePrompt } from '../../src/ui/state/drill-view.js';
import { DEFAULT_DRILL_MINUTES, scorePick } from '../../src/scenario/drill/index.js';
import { drillRecord as cliDrillRecord } from '../../src/scenario/drill/history.js';
import type { Action, State } from '../../src/ui/state/types.js';
import type { Command, KeyFlags } from '../../src/ui/keymap.js';
import { scalingDrill, scenarios } from './fixtures.js';

const cmd = (command: Command, at = 0): Action => ({ type: 'command', command, at });
/** a raw key press, as ink reports it */
const key = (input: string, flags: KeyFlags = {}, at = 0): Action => ({ type: 'key', input, key: flags, at });
const ESC = key('', { escape: true, meta: true });
const CTRL_C = key('c', { ctrl: true });
const TAB = (at: number) => key('', { tab: true }, at);
const timeUp = (at: number): Action => ({ type: 'drill-time-up', at });
const apply = (state: State, ...actions: Action[]) => actions.reduce(reducer, state);
const loaded = () => apply(initialState({ scale: 'tiny', seed: 7, columns: 100, rows: 30 }), { type: 'scenarios-loaded', scenarios });
/** home → D on the ANN scenario (lesson scaling), question loaded at t=1000, in pick mode */
const onDrill = () => apply(loaded(), cmd('nav.down'), cmd('drill.home', 500), { type: 'drill-loaded', question: scalingDrill, at: 1000 });
/** the same with the first option picked */
const picked = () => apply(onDrill(), key(' '));
const DEADLINE = 1000 + DEFAULT_DRILL_MINUTES.pick * 60_000;

describe('drill pick mode timer', () => {
  it('gives pick mode the CLI default of 3 minutes and write mode 5, from when the question (or the mode) started', () => {
    expect([DEFAULT_DRILL_MINUTES.pick, DEFAULT_DRILL_MINUTES.write]).toEqual([3, 5]);
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
    expect(record).toMatchObject({ mode: 'pick', minutes: 3, timedOut: true, elapsedMs: DEFAULT_DRILL_MINUTES.pick * 60_000 });
    expect(record).not.toHaveProperty('answer');
    expect(record).toEqual(cliDrillRecord({
      lesson: 'scaling', mode: 'pick', seed: 7, minutes: DEFAULT_DRILL_MINUTES.pick, elapsedMs: DEFAULT_DRILL_MINUTES.pick * 60_000,
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
    s = apply(s, timeUp(5000 + DEFAULT_DRILL_MINUTES.pick * 60_000));
    expect(s.drill).toMatchObject({ timedOut: true, endedAt: 5000 + DEFAULT_DRILL_MINUTES.pick * 60_000 });
    // and the pick deadline does not end a written answer (the write mode's own 5 minutes do)
    const writing = apply(onDrill(), TAB(2000), timeUp(2000 + DEFAULT_DRILL_MINUTES.pick * 60_000));
    expect(drillPhase(writing.drill!)).toBe('write');
  });
});

describe('leaving a drill in progress', () => {
  it('q over a pick asks; q again quits; the prompt names the key and what is dropped', () => {
    let s = apply(picked(), key('q'));
    expect([s.screen, s.exit, s.drill!.confirmLeave]).toEqual(['drill', undefined, 'quit']);
    expect(leavePrompt(s.drill!)).toBe('Quit? q again quits and drops your picks; any other key stays.');
    s = apply(s, key('q'));
    expect(s.exit).toBe(0);
  });
  it('b or Esc over a pick asks; b or Esc again leaves and drops the drill', () => {
    for (const [first, second] of [[key('b'), key('b')], [ESC, ESC], [key('b'), ESC]]) {
      let s = apply(picked(), first);
      expect([s.screen, s.drill!.confirmLeave]).toEqual(['drill', 'back']);
      expect(leavePrompt(s.drill!)).toBe('Leave this drill? Esc/b again drops your picks; any other key stays.');
      s = apply(s, second);
      expect([s.screen, s.drill]).toEqual(['home', undefined]);
    }
  });
  it('any other key stays: a bound key acts and clears the question, an unbound one just clears it, and the other leave key does not count', () => {
    const moved = apply(picked(), key('q'), key('j'));
    expect(moved.drill).toMatchObject({ confirmLeave: undefined, cursor: 1, picked: [0] });
    expect(apply(picked(), key('b'), key('z')).drill).toMatchObject({ confirmLeave: undefined, picked: [0] });
    // m (measure) does nothing before scoring, but is another key all the same
    expect(apply(picked(), key('q'), key('m')).drill).toMatchObject({ confirmLeave: undefined, picked: [0] });
    const crossed = apply(picked(), key('q'), ESC);
    expect([crossed.screen, crossed.exit, crossed.drill!.confirmLeave]).toEqual(['drill', undefined, undefined]);
    expect(apply(picked(), key('b'), key('q')).exit).toBeUndefined();
  });
  it('Ctrl-C quits at once (exit 130, an interrupt), picks or not', () => {
    expect(apply(picked(), CTRL_C).exit).toBe(130);
    expect(apply(picked(), key('q'), CTRL_C).exit).toBe(130);
  });
  it('with nothing picked (or after scoring) q quits and b/Esc leave at once', () => {
    expect(apply(onDrill(), key('q')).exit).toBe(0);
    expect(apply(onDrill(), key('b')).screen).toBe('home');
    expect(apply(onDrill(), ESC).screen).toBe('home');
    // unpicking the only pick makes it nothing again
    expect(apply(picked(), key(' '), key('q')).exit).toBe(0);
    const scored = apply(picked(), cmd('select', 5000));
    expect(apply(scored, key('q')).exit).toBe(0);
    expect(apply(scored, ESC).screen).toBe('home');
  });
  it('the timer ending the pick drops a pending question (the drill is then scored and saved)', () => {
    const s = apply(picked(), key('b'), timeUp(DEADLINE));
    expect(s.drill).toMatchObject({ confirmLeave: undefined, timedOut: true });
    expect(apply(s, ESC).screen).toBe('home');
  });
  it('q on the help screen opened over a drill in progress goes back to the drill and asks there', () => {
    let s = apply(picked(), key('?'));
    expect(s.screen).toBe('help');
    s = apply(s, key('q'));
    expect([s.screen, s.stack, s.exit, s.drill!.confirmLeave]).toEqual(['drill', ['home'], undefined, 'quit']);
    expect(apply(s, key('q')).exit).toBe(0);
  });
  it('q while marking a written answer asks too (in the text area q is a letter and Ctrl-C quits)', () => {
    const marking = apply(onDrill(), TAB(2000), key('shard it'), key('d', { ctrl: true }, 3000));
    const s = apply(marking, key('q'));
    expect([s.exit, s.drill!.confirmLeave]).toEqual([undefined, 'quit']);
    expect(leavePrompt(s.drill!)).toBe('Quit? q again quits and drops your answer; any other key stays.');
    const typed = apply(onDrill(), TAB(2000), key('draft'), ESC);
    expect(leavePrompt(typed.drill!)).toBe('Leave this drill? Esc again drops your answer; any other key stays.');
  });
  it('every prompt fits the 80-column minimum', () => {
    const both = apply(picked(), TAB(2000), key('draft'), TAB(3000));
    for (const s of [apply(both, key('q')), apply(both, key('b'))]) {
      expect(leavePrompt(s.drill!)).toMatch(/drops your picks and answer/);
      expect(leavePrompt(s.drill!)!.length).toBeLessThanOrEqual(80);
    }
  });
});

describe('drill pick mode, ordered question', () => {
  // the same question with its outline as numbered steps: the picks keep the order they were made in
  const ordered = { ...scalingDrill, ordered: true, outline: scalingDrill.outline.map((p, i) => ({ ...p, step: i })) };
  const onOrdered = () => apply(loaded(), cmd('nav.down'), cmd('drill.home', 500), { type: 'drill-loaded', question: ordered, at: 1000 });

  it('keeps the picks in the order made, and scores that order as the CLI does (steps reversed score 0)', () => {
    const s0 = onOrdered();
    const options = s0.drill!.options!;
    const at = (step: number) => options.findIndex((o) => o.step === step);
    // pick step 1 first, then step 0: walk the cursor to each and toggle
    const walk = (s: State, to: number) => apply(s, ...Array.from({ length: 3 }, () => cmd('nav.up')), ...Array.from({ length: to }, () => cmd('nav.down')), key(' '));
    const reversed = walk(walk(s0, at(1)), at(0));
    expect(reversed.drill!.picked).toEqual([at(1), at(0)]);
    const scored = apply(reversed, cmd('select', 2000));
    expect(scored.drill!.score).toEqual(scorePick(options, [at(1), at(0)]));
    expect(scored.drill!.score).toMatchObject({ hits: 2, order: 0, score: 0 });
    const inOrder = apply(walk(walk(s0, at(0)), at(1)), cmd('select', 2000));
    expect(inOrder.drill!.score).toMatchObject({ hits: 2, order: 1, score: 1 });
  });
});
