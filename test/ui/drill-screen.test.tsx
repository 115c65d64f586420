// The drill screen in a fake terminal: from the lesson pane, d shows the question, a timer and the shuffled options;
// space picks, Enter scores each part, shows the outline and the follow-ups, and appends the drill to the history.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEYS, renderApp } from './helpers/render-app.js';
import { scalingDrill } from './fixtures.js';

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
