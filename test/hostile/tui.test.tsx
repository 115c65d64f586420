// The TUI under hostile keys: Ctrl-C on the knobs screen exits 130 as the README promises (q exits 0), a
// 3,000-character value typed into a knob does not push the other knobs off screen, and a history with
// unreadable records opens with a count instead of failing.
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, renderApp } from '../ui/helpers/render-app.js';

afterEach(() => cleanup());

async function openKnobs(app: ReturnType<typeof renderApp>) {
  await app.waitFor('Deep dives');
  await app.press(KEYS.down, KEYS.enter);
  await app.waitFor('Knobs');
}

describe('the TUI under hostile keys', () => {
  it('Ctrl-C on the knobs screen exits 130', async () => {
    const app = renderApp();
    await openKnobs(app);
    await app.press('\x03');
    await app.until(() => app.exits.length > 0, 'exit');
    expect(app.exits).toEqual([130]);
  });

  it('Ctrl-C while typing a knob value exits 130 too', async () => {
    const app = renderApp();
    await openKnobs(app);
    await app.press('1', '2');
    await app.press('\x03');
    await app.until(() => app.exits.length > 0, 'exit');
    expect(app.exits).toEqual([130]);
  });

  it('a 3,000-character value keeps every knob and its range on an 80-column screen', async () => {
    const app = renderApp({ columns: 80, rows: 30 });
    await openKnobs(app);
    await app.press('9'.repeat(3000));
    const f = await app.waitFor('9▏');
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(f).toMatch(/› items\s+…9+▏/);
    expect(f).toMatch(/ M\s+16\s+links\s+\[4 … 64\]/);
    expect(f).toMatch(/metric\s+ip\s+\[ip \| cosine \| l2\]/);
    await app.press(KEYS.enter);
    const refused = await app.waitFor('✗ param "items"');
    expect(refused).toMatch(/param "items": "9{40}…" is not a\s+number/);
  });

  it('a history with unreadable records opens, and the footer says how many were left out', async () => {
    const app = renderApp({ historySkipped: 3 });
    const f = await app.waitFor('left out 3 unreadable records');
    expect(f).toContain('run history: left out 3 unreadable records (torn or incomplete lines) in /fake');
    expect(f).toContain('Deep dives');
  });
});
