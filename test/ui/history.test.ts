// Run history survives a restart (one JSON line per run under XDG_STATE_HOME), and exports are
// the shared markdown report written to a named file.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHistoryStore, exportFileName, HISTORY_LIMIT, stateDir, writeExport } from '../../src/ui/history.js';
import { themeFor, wantsColour } from '../../src/ui/theme.js';
import { annResult } from './fixtures.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'recsys-lab-history-'));
  dirs.push(d);
  return d;
};
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('history', () => {
  it('respects XDG_STATE_HOME and defaults to ~/.local/state', () => {
    expect(stateDir({ XDG_STATE_HOME: '/x/state' })).toBe('/x/state/recsys-lab');
    expect(stateDir({})).toBe(join(homedir(), '.local', 'state', 'recsys-lab'));
    // the XDG spec says relative paths are invalid and must be ignored
    expect(stateDir({ XDG_STATE_HOME: 'relative' })).toBe(join(homedir(), '.local', 'state', 'recsys-lab'));
  });
  it('appended runs load back in order, per scenario, in a new store (a new launch)', async () => {
    const dir = tmp();
    const a = annResult({ metrics: { recall_at_10: 0.9, p99_ms: 1 } });
    const b = annResult({ metrics: { recall_at_10: 0.95, p99_ms: 2 } });
    await createHistoryStore(dir).append(a);
    await createHistoryStore(dir).append(b);
    await createHistoryStore(dir).append(annResult({ scenario: 'psi-drift' }));
    const loaded = (await createHistoryStore(dir).load()).runs;
    expect(loaded['ann-recall-latency'].map((r) => r.metrics.recall_at_10)).toEqual([0.9, 0.95]);
    expect(loaded['psi-drift']).toHaveLength(1);
  });
  it('skips a corrupt line and keeps the others; keeps only the latest runs', async () => {
    const dir = tmp();
    const store = createHistoryStore(dir);
    await store.append(annResult());
    appendFileSync(join(dir, 'ann-recall-latency.jsonl'), '{"schema":"recsys-lab/run@1", "trunc\n');
    for (let i = 0; i < HISTORY_LIMIT + 3; i++) await store.append(annResult({ seed: i }));
    const runs = (await store.load()).runs['ann-recall-latency'];
    expect(runs).toHaveLength(HISTORY_LIMIT);
    expect(runs[runs.length - 1].seed).toBe(HISTORY_LIMIT + 2);
  });
  it('a missing directory loads as empty history', async () => {
    expect(await createHistoryStore(join(tmp(), 'nope')).load()).toEqual({ runs: {}, skipped: 0 });
  });
  it('refuses a scenario id that could escape the directory', async () => {
    await expect(createHistoryStore(tmp()).append(annResult({ scenario: '../evil' }))).rejects.toThrow(/kebab-case/);
  });
  it('writes an export under a timestamped name', async () => {
    const dir = tmp();
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(exportFileName(annResult(), at)).toBe('ann-recall-latency-tiny-20260102-030405.md');
    const path = await writeExport(dir, annResult(), '# report\n', at);
    expect(readFileSync(path, 'utf8')).toBe('# report\n');
  });
});

describe('theme', () => {
  it('NO_COLOR, FORCE_COLOR=0 and a non-TTY give the plain theme; FORCE_COLOR forces colour', () => {
    expect(wantsColour({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColour({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(wantsColour({}, false)).toBe(false);
    expect(wantsColour({}, true)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: '1' }, false)).toBe(true);
    const plain = themeFor(false);
    expect([...Object.values(plain.text), ...Object.values(plain.status), ...Object.values(plain.ui)].every((c) => c === undefined)).toBe(true);
  });
});
