// The drill screen in a fake terminal: from the lesson pane, d shows the question, a timer and the shuffled options;
// space picks, Enter scores each part, shows the outline and the follow-ups, and appends the drill to the history.
// Tab switches to write mode: type, Ctrl-D, mark, score; m measures the lesson's scenarios (fake services here), Esc cancels.
// Pick mode is timed like write mode; q and b/Esc over a pick ask before dropping it, Ctrl-C does not.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEYS, renderApp } from './helpers/render-app.js';
import { scalingDrill } from './fixtures.js';
import { formatMeasured, type MeasuredScenario } from '../../src/scenario/drill/index.js';
import { clock } from '../../src/ui/components/DrillAnswer.js';

const CTRL_D = '\x04';
const TAB = '\t';

/** home → D on the ANN scenario: the scaling drill, in pick mode */
async function openDrill(app: ReturnType<typeof renderApp>) {
  await app.waitFor('Deep dives');
  await app.press(KEYS.down, 'D');
  return app.waitFor('Pick every part');
}

afterEach(() => cleanup());

describe('drill screen', () => {
  it('lesson → d: pick, submit, see the score per part, the outline and the follow-ups; Esc goes back', async () => {
    const app = renderApp({ drillBank: [scalingDrill] });
    await app.waitFor('Deep dives');
    await app.press(KEYS.down, KEYS.enter);
    await app.waitFor('Knobs');
    await app.press('l');
    await app.waitFor('lessons/scaling.md');
    await app.press('d');
    let f = await app.waitFor('Pick every part');
    expect(f).toContain('recsys-lab · drill');
    expect(f).toContain('How do you serve nearest neighbours over 100M items under 10 ms?');
    expect(f).toMatch(/elapsed \d/);
    expect(f).toMatch(/› \[ \]  1\. /);
    for (const p of [...scalingDrill.outline, ...scalingDrill.distractors]) expect(f).toContain(p.label);
    expect(f).toContain('Enter submit');
    await app.press(' ');
    f = await app.waitFor('(1 picked)');
    expect(f).toMatch(/› \[x\]  1\. /);
    await app.press(KEYS.enter);
    f = await app.waitFor('saved to drill history');
    expect(f).toMatch(/Score \d+% · \d\/2 hit/);
    expect(f).toContain('What a strong answer covers');
    expect(f).toContain('1. ANN index: HNSW or IVF trades recall for latency, tuned with ef.');
    expect(f).toContain('Follow-up questions');
    expect(f).toContain('What happens to recall when the catalog doubles?');
    expect(f).toMatch(/✓ hit|✗ false pick/);
    expect(app.drills).toHaveLength(1);
    expect(app.drills[0]).toMatchObject({ lesson: 'scaling', mode: 'pick', outlineParts: 2 });
    await app.press(KEYS.esc);
    await app.waitFor('lessons/scaling.md');
  });
  it('a lesson without a drill question says so', async () => {
    const app = renderApp({ drillBank: [] });
    await app.waitFor('Deep dives');
    await app.press(KEYS.down, 'D');
    expect(await app.waitFor('no interview question')).toContain('Drill scaling');
  });
});

describe('drill screen, write mode', () => {
  it('Tab → write: type two lines with the timer running, Backspace, Ctrl-D, mark one part, score; the answer is kept in the history', async () => {
    const app = renderApp({ drillBank: [scalingDrill] });
    await openDrill(app);
    await app.press(TAB);
    let f = await app.waitFor('Write your answer');
    expect(f).toMatch(/elapsed 0:0\d · [45]:\d\d left · lesson scaling · write mode/);
    expect(f.replace(/\s+/g, ' ')).toContain('Ctrl-D finishes (the timer does at 5:00)');
    expect(f).toContain('Enter new line · Ctrl-D finish · Tab pick mode · Esc leave · Ctrl-C quit');
    // q, j and space are letters here, not quit / move / pick
    await app.press('quiet HNSW', KEYS.enter, 'shard itx', KEYS.backspace);
    f = await app.waitFor('shard it█');
    expect(f).toContain('quiet HNSW');
    expect(f).toContain('4 words · 2 lines');
    await app.press(CTRL_D);
    f = await app.waitFor('Mark each part your answer covered');
    expect(f).toContain('│ quiet HNSW');
    expect(f).toMatch(/› \[ \] missed +1\. ANN index/);
    await app.press(KEYS.down, ' ');
    f = await app.waitFor('(1 of 2)');
    expect(f).toMatch(/› \[x\] covered +2\. Shard the index/);
    await app.press(KEYS.enter);
    f = await app.waitFor('saved to drill history');
    expect(f).toContain('Score 50% · 1/2 hit · 1 missed');
    expect(f).not.toContain('false pick');
    expect(f).toMatch(/✗ missed +ANN index/);
    expect(f).toMatch(/✓ hit +Shard the index/);
    expect(f).toContain('Your answer');
    expect(f).toContain('Common wrong answers — did yours say one of these?');
    expect(app.drills).toHaveLength(1);
    expect(app.drills[0]).toMatchObject({ lesson: 'scaling', mode: 'write', minutes: 5, timedOut: false, answer: 'quiet HNSW\nshard it', hits: 1, outlineParts: 2 });
  });
  it('the timer line: elapsed rounds down and time left rounds up, so they add up to the five minutes', () => {
    const elapsed = 4 * 60_000 + 57_400;
    expect([clock(elapsed), clock(5 * 60_000 - elapsed, 'up')]).toEqual(['4:57', '0:03']);
    expect(clock(-5, 'up')).toBe('0:00');
  });
  it('Esc over a typed answer asks before dropping it', async () => {
    const app = renderApp({ drillBank: [scalingDrill] });
    await openDrill(app);
    await app.press(TAB, 'draft', KEYS.esc);
    await app.waitFor('Esc again drops your answer');
    await app.press(KEYS.esc);
    await app.waitFor('Deep dives');
    expect(app.drills).toHaveLength(0);
  });
});

describe('drill screen, pick mode timer and leaving', () => {
  it('pick mode shows elapsed and time left of its 3 minutes; q over a pick asks on one line, another key stays, b then Esc leaves unsaved', async () => {
    const app = renderApp({ drillBank: [scalingDrill] });
    let f = await openDrill(app);
    expect(f).toMatch(/elapsed 0:0\d · (3:00|2:5\d) left · lesson scaling · pick mode/);
    expect(f).toContain('Enter submits (the timer does at 3:00)');
    await app.press(' ', 'q');
    f = await app.waitFor('Quit? q again quits and drops your picks; any other key stays.');
    expect(f).toContain('(1 picked)');
    expect(app.exits).toEqual([]);
    await app.press('j');
    f = await app.waitFor(/› \[ \]  2\. /);
    expect(f).not.toContain('Quit?');
    await app.press('b');
    await app.waitFor('Leave this drill? Esc/b again drops your picks; any other key stays.');
    await app.press(KEYS.esc);
    await app.waitFor('Deep dives');
    expect(app.exits).toEqual([]);
    expect(app.drills).toHaveLength(0);
  });
  it('Ctrl-C quits at once over a pick (exit 130, an interrupt)', async () => {
    const app = renderApp({ drillBank: [scalingDrill] });
    await openDrill(app);
    await app.press(' ', '\x03');
    await app.until(() => app.exits.length > 0, 'exit');
    expect(app.exits).toEqual([130]);
  });
});

const measured: MeasuredScenario[] = [{
  scenario: 'ann-recall-latency', title: 'HNSW against exact search', scale: 'tiny',
  headline: [{ metric: 'recall_at_10', value: 0.91 }, { metric: 'p99_ms', value: 0.42 }],
  claims: [{ text: 'HNSW reaches recall@10 ≥ 0.95 below 1 ms p99', expr: 'recall_at_10 >= 0.95 and p99_ms < 1', kind: 'finding', verdict: 'fails', holds: false, share: 0, replicates: 1, observed: { recall_at_10: 0.91 } }],
  durationMs: 2100,
}];

describe('drill screen, measured numbers', () => {
  it('after the score, m runs the lesson\'s scenarios at tiny and shows their numbers as the CLI formats them', async () => {
    const app = renderApp({ drillBank: [scalingDrill], measured, rows: 30 });
    await openDrill(app);
    await app.press(KEYS.enter);
    let f = await app.waitFor('m measure on this machine');
    expect(f).toContain("m runs this lesson's scenarios here");
    await app.press('m');
    f = await app.waitFor('Measured on this machine (scale tiny)');
    await app.until(() => app.measures.length === 1, 'the measurement');
    expect(app.measures[0]).toMatchObject({ lesson: 'scaling', named: ['ann-recall-latency'], scale: 'tiny' });
    f = await app.waitFor('recall_at_10');
    for (const line of formatMeasured(measured)) expect(f).toContain(line.trim());
    expect(f).not.toContain('m measure on this machine');
  });
  it('shows progress while measuring; Esc cancels the run (its signal aborts) and stays on the drill', async () => {
    const app = renderApp({ drillBank: [scalingDrill], measureHold: true });
    await openDrill(app);
    await app.press(KEYS.enter);
    await app.waitFor('saved to drill history');
    await app.press('m');
    const f = await app.waitFor('measuring [1/1] ann-recall-latency · build');
    expect(f).toContain('50%');
    expect(f).toContain('Esc cancel measuring');
    await app.press(KEYS.esc);
    await app.waitFor('cancelled — m runs them again');
    expect(app.measures[0].signal.aborted).toBe(true);
    expect(app.frame()).toContain('recsys-lab · drill');
  });
});
