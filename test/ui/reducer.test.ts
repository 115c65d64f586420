// Every TUI transition, without rendering: the screens are a function of this state, so these tests
// pin the behaviour (navigation, knobs refused inline, predict-then-observe, runs, compare, scroll).
import { describe, expect, it } from 'vitest';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import { interpret } from '../../src/ui/state/input.js';
import { etaMs, foldRunEvent } from '../../src/ui/state/run.js';
import { observedDirection, scorePredictions, toleranceFor } from '../../src/ui/state/predictions.js';
import type { Action, State } from '../../src/ui/state/types.js';
import type { Command } from '../../src/ui/keymap.js';
import { annResult, annScenario, scenarios } from './fixtures.js';

const cmd = (command: Command, at = 0): Action => ({ type: 'command', command, at });
const apply = (state: State, ...actions: Action[]) => actions.reduce(reducer, state);
const loaded = () => apply(initialState({ scale: 'tiny', columns: 100, rows: 30 }), { type: 'scenarios-loaded', scenarios });
/** home → the ANN scenario (deep-dives comes after system-design in topic order) */
const onAnn = () => apply(loaded(), cmd('nav.down'), cmd('select'));

describe('home', () => {
  it('starts on home and lists scenarios in topic order', () => {
    const s = loaded();
    expect(s.screen).toBe('home');
    expect(s.scenarios).toHaveLength(3);
  });
  it('moves the cursor within the list and clamps at both ends', () => {
    let s = apply(loaded(), cmd('nav.up'));
    expect(s.home.cursor).toBe(0);
    s = apply(s, cmd('nav.down'), cmd('nav.down'), cmd('nav.down'), cmd('nav.down'));
    expect(s.home.cursor).toBe(2);
    expect(apply(s, cmd('nav.pageUp')).home.cursor).toBe(0);
  });
  it('typing filters, backspace edits the filter, Esc clears it', () => {
    let s = apply(loaded(), { type: 'text', text: 'p' }, { type: 'text', text: 's' }, { type: 'text', text: 'i' });
    expect(s.home).toEqual({ filter: 'psi', filtering: true, cursor: 0 });
    s = apply(s, { type: 'backspace' });
    expect(s.home.filter).toBe('ps');
    expect(apply(s, cmd('back')).home).toEqual({ filter: '', filtering: false, cursor: 0 });
  });
  it('/ enters filter mode', () => {
    expect(apply(loaded(), cmd('filter')).home.filtering).toBe(true);
  });
  it('Enter opens the scenario under the cursor with knobs at the scale defaults', () => {
    const s = onAnn();
    expect(s.screen).toBe('scenario');
    expect(s.scenarioId).toBe('ann-recall-latency');
    expect(s.knobs.values).toEqual({ items: 5000, M: 16, metric: 'ip' });
    expect(s.stack).toEqual(['home']);
  });
  it('Enter on a filtered list opens the match', () => {
    const s = apply(loaded(), { type: 'text', text: 'drift' }, cmd('select'));
    expect(s.scenarioId).toBe('psi-drift');
  });
  it('q quits with exit code 0, ? toggles help and Esc leaves it', () => {
    expect(apply(loaded(), cmd('quit')).exit).toBe(0);
    const h = apply(loaded(), cmd('help'));
    expect(h.screen).toBe('help');
    expect(apply(h, cmd('help')).screen).toBe('home');
    expect(apply(h, cmd('back')).screen).toBe('home');
  });
});

describe('scenario knobs', () => {
  it('→ and ← step a number knob and clamp at its range', () => {
    let s = apply(onAnn(), cmd('nav.down'), cmd('nav.right'));
    expect(s.knobs.values.M).toBe(17);
    expect(s.knobs.touched).toEqual({ M: 17 });
    for (let i = 0; i < 100; i++) s = reducer(s, cmd('nav.right'));
    expect(s.knobs.values.M).toBe(64);
  });
  it('← and → cycle an enum', () => {
    const s = apply(onAnn(), cmd('nav.down'), cmd('nav.down'), cmd('nav.right'));
    expect(s.knobs.values.metric).toBe('cosine');
    expect(apply(s, cmd('nav.left'), cmd('nav.left')).knobs.values.metric).toBe('l2');
  });
  it('typing a value and Enter sets it; an out-of-range value is refused inline and kept for correction', () => {
    let s = apply(onAnn(), cmd('nav.down'), { type: 'text', text: '3' }, { type: 'text', text: '2' });
    expect(s.knobs.edit).toBe('32');
    s = apply(s, cmd('select'));
    expect(s.knobs.values.M).toBe(32);
    expect(s.knobs.edit).toBeUndefined();
    s = apply(s, { type: 'text', text: '9' }, { type: 'text', text: '9' }, cmd('select'));
    expect(s.knobs.values.M).toBe(32);
    expect(s.knobs.edit).toBe('99');
    expect(s.knobs.error?.message).toMatch(/M.*\[4, 64\]/);
    s = apply(s, { type: 'backspace' });
    expect(s.knobs.edit).toBe('9');
    expect(s.knobs.error).toBeUndefined();
    expect(apply(s, cmd('back')).knobs.edit).toBeUndefined();
  });
  it('letters do not start an edit of a number knob (they are commands)', () => {
    expect(apply(onAnn(), { type: 'text', text: 'x' }).knobs.edit).toBeUndefined();
  });
  it('0 resets the knob to its default', () => {
    const s = apply(onAnn(), cmd('nav.down'), cmd('nav.right'), cmd('reset'));
    expect(s.knobs.values.M).toBe(16);
    expect(s.knobs.touched).toEqual({});
  });
  it('the scale row changes the scale; untouched knobs follow its defaults, touched ones stay', () => {
    let s = apply(onAnn(), cmd('nav.down'), cmd('nav.right'), cmd('nav.up'), cmd('nav.up'));
    expect(s.knobs.cursor).toBe(4); // wrapped to the last row, the seed count
    s = apply(s, cmd('nav.up'));
    expect(s.knobs.cursor).toBe(3); // the scale row
    s = apply(s, cmd('nav.right'));
    expect(s.scale).toBe('small');
    expect(s.knobs.values).toEqual({ items: 100000, M: 17, metric: 'ip' });
    s = apply(s, cmd('nav.right'), cmd('nav.right'));
    expect(s.scale).toBe('full');
  });
  it('the seeds row (under the scale) steps within 1 … 20, takes a typed count, refuses one out of range, 0 resets it', () => {
    const onSeeds = () => apply(onAnn(), cmd('nav.up')); // from the first knob, up wraps to the seed count
    let s = onSeeds();
    expect(s.seeds).toBe(1);
    expect(apply(s, cmd('nav.left')).seeds).toBe(1); // clamped at 1
    s = apply(s, cmd('nav.right'), cmd('nav.right'));
    expect(s.seeds).toBe(3);
    expect(apply(s, cmd('reset')).seeds).toBe(1);
    // typed: digits start an edit, Enter commits it
    s = apply(onSeeds(), { type: 'text', text: '1' }, { type: 'text', text: '2' }, cmd('select'));
    expect([s.seeds, s.knobs.edit, s.screen]).toEqual([12, undefined, 'scenario']);
    expect(apply(s, cmd('nav.right'), cmd('nav.right'), cmd('nav.right'), ...Array.from({ length: 10 }, () => cmd('nav.right'))).seeds).toBe(20);
    // refused inline, the count unchanged; the knobs are untouched by the seeds row
    const refused = apply(s, { type: 'text', text: '3' }, { type: 'text', text: '0' }, cmd('select'));
    expect(refused.seeds).toBe(12);
    expect(refused.knobs.error?.name).toBe('seeds');
    expect(refused.knobs.error?.message).toBe('seeds: 30 is not allowed; expected an integer in [1, 20]');
    expect(refused.knobs.values).toEqual(onAnn().knobs.values);
    // a letter does not start an edit there
    expect(apply(onSeeds(), { type: 'text', text: 'x' }).knobs.edit).toBeUndefined();
  });
  it('a run carries the seed count, and the count stays for the next run', () => {
    const s = apply(onAnn(), cmd('nav.up'), cmd('nav.right'), cmd('nav.right'), cmd('select', 5));
    expect(s.run).toMatchObject({ status: 'requested', seed: 42, seeds: 3, scale: 'tiny' });
    const back = apply(s, { type: 'run-event', runId: 1, event: { type: 'done', result: annResult() }, at: 6 }, cmd('back'));
    expect([back.screen, back.seeds]).toEqual(['scenario', 3]);
  });
  it('Esc goes back home; l opens the lesson; c opens compare', () => {
    expect(apply(onAnn(), cmd('back')).screen).toBe('home');
    const l = apply(onAnn(), cmd('lesson'));
    expect(l.screen).toBe('lesson');
    expect(l.lesson.id).toBe('scaling');
    expect(apply(onAnn(), cmd('compare')).screen).toBe('compare');
  });
});

describe('runs', () => {
  it('Enter with no previous run requests a run straight away with the knob values', () => {
    const s = apply(onAnn(), cmd('select', 1000));
    expect(s.screen).toBe('running');
    expect(s.run).toMatchObject({ id: 1, status: 'requested', params: { items: 5000, M: 16, metric: 'ip' }, scale: 'tiny', seed: 42, requestedAt: 1000 });
    expect(s.run?.baseline).toBeUndefined();
  });
  it('run events fill stages; done shows results and appends to history', () => {
    let s = apply(onAnn(), cmd('select'));
    const ev = (event: Extract<Action, { type: 'run-event' }>['event'], at = 0): Action => ({ type: 'run-event', runId: 1, event, at });
    s = apply(s, ev({ type: 'start', scenario: 'ann-recall-latency', params: s.run!.params, scale: 'tiny', seed: 42 }),
      ev({ type: 'stage-start', stage: 'build' }, 10), ev({ type: 'progress', stage: 'build', fraction: 0.5 }, 60));
    expect(s.run?.status).toBe('running');
    expect(s.run?.stages).toEqual([{ name: 'build', fraction: 0.5, startedAt: 10, detail: undefined, etaMs: undefined }]);
    s = apply(s, ev({ type: 'done', result: annResult() }));
    expect(s.screen).toBe('results');
    expect(s.history['ann-recall-latency']).toHaveLength(1);
  });
  it('events of an older run are ignored', () => {
    const s = apply(onAnn(), cmd('select'));
    expect(apply(s, { type: 'run-event', runId: 7, event: { type: 'done', result: annResult() }, at: 0 })).toBe(s);
  });
  it("Esc while running cancels at once: back on the knobs, and the run's late events change nothing", () => {
    let s = apply(onAnn(), cmd('select'), { type: 'run-event', runId: 1, event: { type: 'stage-start', stage: 'world' }, at: 0 }, cmd('cancel'));
    expect(s.run?.status).toBe('cancelled');
    expect(s.screen).toBe('scenario');
    expect(s.message?.text).toBe('run cancelled');
    // the worker stopping late: a progress event, even a result, is ignored, and nothing reaches the history
    const late = apply(s,
      { type: 'run-event', runId: 1, event: { type: 'progress', stage: 'world', fraction: 0.5 }, at: 1 },
      { type: 'run-event', runId: 1, event: { type: 'done', result: annResult() }, at: 2 },
      { type: 'run-failed', runId: 1, message: 'terminated' });
    expect(late).toBe(s);
    expect(late.history['ann-recall-latency']).toBeUndefined();
  });
  it('the user can leave the knobs right after a cancel; a late event does not pull the screen back', () => {
    const s = apply(onAnn(), cmd('select'), cmd('cancel'), cmd('lesson'));
    expect(s.screen).toBe('lesson');
    expect(apply(s, { type: 'run-event', runId: 1, event: { type: 'cancelled' }, at: 0 }).screen).toBe('lesson');
  });
  it('a failed run returns to the knobs with the error', () => {
    const s = apply(onAnn(), cmd('select'), { type: 'run-failed', runId: 1, message: 'boom' });
    expect(s.screen).toBe('scenario');
    expect(s.message).toEqual({ kind: 'error', text: 'run failed: boom' });
  });
  it('foldRunEvent keeps the last five log lines and counts sweep points', () => {
    let run = apply(onAnn(), cmd('select')).run!;
    for (let i = 0; i < 7; i++) run = foldRunEvent(run, { type: 'log', message: `l${i}` }, 0);
    expect(run.logs).toEqual(['l2', 'l3', 'l4', 'l5', 'l6']);
    run = foldRunEvent(run, { type: 'partial', output: { series: annResult().series } }, 0);
    expect(run.partialPoints).toBe(3);
    expect(run.partialSeries?.name).toBe('ef-sweep');
  });
  it('under several seeds, each seed\'s start clears the previous seed\'s stages and sweep, keeping the log', () => {
    let run = apply(onAnn(), cmd('select')).run!;
    const start = { type: 'start', scenario: 'ann-recall-latency', params: {}, scale: 'tiny', seed: 42 } as const;
    run = [start, { type: 'stage-start', stage: 'build' }, { type: 'partial', output: { series: annResult().series } }, { type: 'log', message: 'seed 2 of 3: 7961' }]
      .reduce((r, e) => foldRunEvent(r, e as never, 0), run);
    run = foldRunEvent(run, { ...start, seed: 7961 }, 1);
    expect([run.status, run.stages, run.partialPoints, run.partialSeries, run.logs]).toEqual(['running', [], 0, undefined, ['seed 2 of 3: 7961']]);
  });
  it('ETA extrapolates elapsed time over the fraction done, prefers the runner estimate, and is unknown at 0', () => {
    expect(etaMs({ name: 's', fraction: 0.25, startedAt: 0 }, 1000)).toBeCloseTo(3000, 9);
    expect(etaMs({ name: 's', fraction: 0.25, startedAt: 0, etaMs: 5 }, 1000)).toBe(5);
    expect(etaMs({ name: 's', fraction: 0, startedAt: 0 }, 1000)).toBeUndefined();
    expect(etaMs({ name: 's', fraction: 1, startedAt: 0, endedAt: 9 }, 1000)).toBe(0);
  });
});

describe('predict, then observe', () => {
  const withHistory = () => apply(onAnn(), { type: 'history-loaded', history: { 'ann-recall-latency': [annResult()] } });
  it('with a previous run, Enter asks for predictions before running', () => {
    const s = apply(withHistory(), cmd('select'));
    expect(s.screen).toBe('predict');
    expect(s.predict).toEqual({ cursor: 0, answers: {} });
  });
  it('one key per headline metric answers and advances; the last answer starts the run', () => {
    let s = apply(withHistory(), cmd('select'), cmd('predict.up'));
    expect(s.predict).toEqual({ cursor: 1, answers: { recall_at_10: 'up' } });
    s = apply(s, cmd('predict.same', 5));
    expect(s.screen).toBe('running');
    expect(s.run?.predictions).toEqual({ recall_at_10: 'up', p99_ms: 'same' });
    expect(s.run?.baseline).toEqual(annResult());
  });
  it('skip leaves a metric unpredicted; Enter runs with the answers so far; Esc returns to the knobs', () => {
    const s = apply(withHistory(), cmd('select'), cmd('predict.skip'));
    expect(s.predict.cursor).toBe(1);
    expect(apply(s, cmd('select')).run?.predictions).toEqual({});
    expect(apply(s, cmd('back')).screen).toBe('scenario');
  });
  it('scoring compares the prediction with the measured direction', () => {
    const before = annResult();
    const after = annResult({ metrics: { recall_at_10: 0.95, p99_ms: 0.44 } });
    const scored = scorePredictions(annScenario, { recall_at_10: 'up', p99_ms: 'down' }, before, after);
    expect(scored.map((p) => [p.metric, p.observed, p.correct])).toEqual([['recall_at_10', 'up', true], ['p99_ms', 'same', false]]);
    expect(scored[0].explanation).toMatch(/More links/);
  });
  it('a change within the tolerance is about the same; beyond it, up or down', () => {
    expect(observedDirection(1, 1.009)).toBe('same');
    expect(observedDirection(1, 1.02)).toBe('up');
    expect(observedDirection(1, 0.98)).toBe('down');
    expect(observedDirection(0, 0)).toBe('same');
    // timings get 10 % because identical runs jitter; seeded metrics get 1 %
    expect(toleranceFor('p99_ms')).toBe(0.1);
    expect(toleranceFor('recall_at_10')).toBe(0.01);
  });
});

describe('results, compare, lesson', () => {
  const onResults = () => apply(onAnn(), cmd('select'), { type: 'run-event', runId: 1, event: { type: 'done', result: annResult() }, at: 0 });
  /** a second run of the same knobs (r, then Enter on the predict screen runs without predictions) */
  const twoRuns = () => apply(onResults(), cmd('rerun'), cmd('select'), { type: 'run-event', runId: 2, event: { type: 'done', result: annResult() }, at: 0 });
  it('j/k and pages scroll; the view clamps the bottom', () => {
    let s = apply(onResults(), cmd('nav.down'), cmd('nav.down'), cmd('nav.up'));
    expect(s.results.scroll).toBe(1);
    s = apply(s, cmd('nav.pageDown'));
    expect(s.results.scroll).toBe(23); // page = rows − 8 = 22
    s = apply(s, cmd('nav.bottom'), { type: 'scroll-clamp', pane: 'results', max: 40 });
    expect(s.results.scroll).toBe(40);
    expect(apply(s, cmd('nav.top')).results.scroll).toBe(0);
    // once measured, scrolling stops at the bottom instead of running past it
    expect(apply(s, cmd('nav.down'), cmd('nav.down')).results.scroll).toBe(40);
    expect(apply(s, cmd('nav.bottom'), cmd('nav.up')).results.scroll).toBe(39);
  });
  it('r reruns (asking for predictions now that there is a previous run)', () => {
    expect(apply(onResults(), cmd('rerun')).screen).toBe('predict');
  });
  it('e asks for an export of the latest run; the effect reports the file', () => {
    let s = apply(onResults(), cmd('export'));
    expect(s.exportRequest).toEqual({ scenario: 'ann-recall-latency', index: 0 });
    s = apply(s, { type: 'exported', path: '/tmp/x.md' });
    expect(s.exportRequest).toBeUndefined();
    expect(s.message?.text).toBe('exported to /tmp/x.md');
    expect(apply(s, cmd('nav.down')).message).toBeUndefined();
    expect(apply(onResults(), cmd('export'), { type: 'export-failed', message: 'EACCES' }).message?.kind).toBe('error');
  });
  it('compare walks the history newest first and exports the selected run', () => {
    let s = apply(twoRuns(), cmd('compare'));
    expect(s.screen).toBe('compare');
    s = apply(s, cmd('nav.down'), cmd('nav.down'));
    expect(s.compare.cursor).toBe(1);
    expect(apply(s, cmd('export')).exportRequest).toEqual({ scenario: 'ann-recall-latency', index: 0 });
    expect(apply(s, cmd('back')).screen).toBe('results');
  });
  it('m on compare marks the run under the cursor as the baseline, and again clears it', () => {
    let s = apply(twoRuns(), cmd('compare'), cmd('nav.down'), cmd('mark'));
    expect(s.compare).toEqual({ cursor: 1, baseline: 0 });
    s = apply(s, cmd('nav.up'));
    expect(s.compare).toEqual({ cursor: 0, baseline: 0 });
    expect(apply(s, cmd('nav.down'), cmd('mark')).compare.baseline).toBeUndefined();
  });
  it('Enter on compare opens that past run; e exports it; Esc returns to compare', () => {
    let s = apply(twoRuns(), cmd('compare'), cmd('nav.down'), cmd('select'));
    expect(s.screen).toBe('results');
    expect(s.results).toEqual({ scroll: 0, index: 0 });
    expect(apply(s, cmd('export')).exportRequest).toEqual({ scenario: 'ann-recall-latency', index: 0 });
    s = apply(s, cmd('back'));
    expect(s.screen).toBe('compare');
    expect(s.results.index).toBeUndefined();
  });
  it('Esc on results returns to the knobs, which keep their values', () => {
    const s = apply(onAnn(), cmd('nav.down'), cmd('nav.right'), cmd('select'),
      { type: 'run-event', runId: 1, event: { type: 'done', result: annResult() }, at: 0 }, cmd('back'));
    expect(s.screen).toBe('scenario');
    expect(s.knobs.values.M).toBe(17);
  });
  it('the lesson loads, scrolls and fails with a message', () => {
    let s = apply(onResults(), cmd('lesson'), { type: 'lesson-loaded', id: 'scaling', markdown: '# Scaling' }, cmd('nav.down'));
    expect(s.lesson).toEqual({ id: 'scaling', markdown: '# Scaling', scroll: 1 });
    s = apply(s, cmd('back'));
    expect(s.screen).toBe('results');
    expect(apply(s, { type: 'lesson-failed', id: 'x', message: 'unknown lesson' }).lesson.error).toBe('unknown lesson');
  });
  it('below 80×24 keys do nothing but quit (only the size warning is drawn)', () => {
    const small = apply(loaded(), { type: 'resize', columns: 70, rows: 20 });
    expect(apply(small, { type: 'key', input: '', key: { return: true }, at: 0 })).toBe(small);
    expect(apply(small, { type: 'key', input: 'j', key: {}, at: 0 })).toBe(small);
    expect(apply(small, { type: 'key', input: 'q', key: {}, at: 0 }).exit).toBe(0);
  });
  it('history read after a run keeps the new run last', () => {
    const s = apply(onAnn(), cmd('select'), { type: 'run-event', runId: 1, event: { type: 'done', result: annResult({ seed: 2 }) }, at: 0 },
      { type: 'history-loaded', history: { 'ann-recall-latency': [annResult({ seed: 1 })] } });
    expect(s.history['ann-recall-latency'].map((r) => r.seed)).toEqual([1, 2]);
  });
  it('resize records the terminal size', () => {
    expect(apply(loaded(), { type: 'resize', columns: 70, rows: 20 }).size).toEqual({ columns: 70, rows: 20 });
  });
  it('broken scenario files are reported while the others load', () => {
    const s = apply(initialState(), { type: 'scenarios-loaded', scenarios, problems: ['x.yaml: invalid scenario'] });
    expect(s.scenarios).toHaveLength(3);
    expect(s.message).toEqual({ kind: 'error', text: '1 scenario file skipped: x.yaml: invalid scenario' });
  });
  it('a failed catalog load is kept for the home screen', () => {
    expect(apply(initialState(), { type: 'scenarios-failed', message: 'bad yaml' }).loadError).toBe('bad yaml');
  });
});

describe('raw keys', () => {
  it('characters arriving in one chunk act one at a time against the updated state', () => {
    const s = apply(loaded(), { type: 'key', input: 'jj', key: {}, at: 0 });
    expect(s.home.cursor).toBe(2);
    // on home, "/" starts a filter, so the rest of the chunk is filter text (q is a letter there)
    expect(apply(loaded(), { type: 'key', input: '/aq', key: {}, at: 0 }).home).toEqual({ filter: 'aq', filtering: true, cursor: 0 });
  });
  it('a value and Enter arriving together set the knob', () => {
    const s = apply(onAnn(), cmd('nav.down'), { type: 'key', input: '32\r', key: {}, at: 0 });
    expect(s.knobs.values.M).toBe(32);
    expect(s.knobs.edit).toBeUndefined();
  });
  it('a named key is interpreted once', () => {
    const s = apply(onAnn(), { type: 'key', input: '', key: { escape: true }, at: 0 });
    expect(s.screen).toBe('home');
  });
});

describe('interpret (key → action)', () => {
  const none = {};
  it('uses the screen bindings: j moves down on home, q quits', () => {
    expect(interpret(loaded(), 'j', none, 0)).toEqual(cmd('nav.down'));
    expect(interpret(loaded(), 'q', none, 0)).toEqual(cmd('quit'));
    expect(interpret(loaded(), '', { downArrow: true }, 0)).toEqual(cmd('nav.down'));
  });
  it('unbound printable keys on home start the filter', () => {
    expect(interpret(loaded(), 'p', none, 0)).toEqual({ type: 'text', text: 'p' });
  });
  it('inside the filter, q and j are letters; Enter, Esc, arrows and Ctrl-C still act', () => {
    const s = apply(loaded(), cmd('filter'));
    expect(interpret(s, 'q', none, 0)).toEqual({ type: 'text', text: 'q' });
    expect(interpret(s, 'j', none, 0)).toEqual({ type: 'text', text: 'j' });
    expect(interpret(s, '', { return: true }, 0)).toEqual(cmd('select'));
    expect(interpret(s, '', { escape: true }, 0)).toEqual(cmd('back'));
    expect(interpret(s, '', { upArrow: true }, 0)).toEqual(cmd('nav.up'));
    // Ctrl-C's quit is forced (it never stops to ask, as q over a drill answer in progress does) and an interrupt (exit 130)
    expect(interpret(s, 'c', { ctrl: true }, 0)).toEqual({ ...cmd('quit'), force: true, interrupt: true });
    expect(interpret(s, '', { backspace: true }, 0)).toEqual({ type: 'backspace' });
  });
  it('while a run is going, Esc and Ctrl-C cancel and q does nothing', () => {
    const s = apply(onAnn(), cmd('select'));
    expect(interpret(s, '', { escape: true }, 0)).toEqual(cmd('cancel'));
    expect(interpret(s, 'c', { ctrl: true }, 0)).toEqual(cmd('cancel'));
    expect(interpret(s, 'q', none, 0)).toBeUndefined();
  });
  it('on a knob, digits are text and 0 resets unless an edit is under way', () => {
    const s = apply(onAnn(), cmd('nav.down'));
    expect(interpret(s, '5', none, 0)).toEqual({ type: 'text', text: '5' });
    expect(interpret(s, '0', none, 0)).toEqual(cmd('reset'));
    const editing = apply(s, { type: 'text', text: '5' });
    expect(interpret(editing, '0', none, 0)).toEqual({ type: 'text', text: '0' });
  });
});

describe('keymap hints', () => {
  it('each screen lists its own keys, naming what Enter does there', async () => {
    const { hintsFor } = await import('../../src/ui/keymap.js');
    expect(hintsFor('home')).toContain('Enter open');
    expect(hintsFor('scenario')).toEqual(expect.arrayContaining(['Enter run', '→ step', 'l lesson', 'c compare']));
    expect(hintsFor('running')).toEqual(['Esc/Ctrl-C cancel']);
    expect(hintsFor('compare')).toContain('Enter open run');
  });
});
