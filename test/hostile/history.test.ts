// Torn and partial history records: a torn last line never swallows the next record, and a record with missing
// fields is skipped with a count instead of crashing the TUI (run history) or `drill --history` (drill history).
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { appendDrill, readDrillHistory, type DrillRecord } from '../../src/scenario/drill/history.js';
import { appendJsonLine, parseJsonLines } from '../../src/scenario/jsonl.js';
import { createHistoryStore } from '../../src/ui/history.js';
import { annResult } from '../ui/fixtures.js';
import { cleanup, cliHere, expectNoStack, scratch } from './helpers.js';

const dir = scratch('history');
afterAll(() => cleanup(dir));
let n = 0;
const fresh = (name: string) => {
  const d = join(dir, `${name}-${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

const drill = (lesson: string, score: number): DrillRecord => ({
  schema: 'recsys-lab/drill@1', at: new Date(0).toISOString(), lesson, mode: 'pick', seed: 1, minutes: 3, elapsedMs: 10,
  timedOut: false, score, hits: 1, misses: 1, falsePicks: 0, outlineParts: 2, parts: [],
});

describe('run history', () => {
  it('a history truncated mid-JSON keeps the next run (the append ends the torn line first)', async () => {
    const d = fresh('torn');
    const store = createHistoryStore(d);
    await store.append(annResult({ seed: 1 }));
    const file = join(d, 'ann-recall-latency.jsonl');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text + text.slice(0, Math.floor(text.length / 2))); // a second record cut in half
    await store.append(annResult({ seed: 2 }));
    const loaded = await createHistoryStore(d).load();
    expect(loaded.runs['ann-recall-latency'].map((r) => r.seed)).toEqual([1, 2]);
    expect(loaded.skipped).toBe(1);
  });

  it('a record with missing fields is skipped and counted, never handed to the screens', async () => {
    const d = fresh('partial');
    await createHistoryStore(d).append(annResult({ seed: 7 }));
    appendFileSync(join(d, 'ann-recall-latency.jsonl'), '{"schema":"recsys-lab/run@1","scenario":"ann-recall-latency"}\n');
    appendFileSync(join(d, 'ann-recall-latency.jsonl'), `${JSON.stringify({ ...annResult(), metrics: 'oops' })}\n`);
    appendFileSync(join(d, 'ann-recall-latency.jsonl'), 'null\n42\n"text"\n[]\n');
    // filed under another scenario's name: it would show on the wrong screen
    appendFileSync(join(d, 'psi-drift.jsonl'), `${JSON.stringify(annResult())}\n`);
    const loaded = await createHistoryStore(d).load();
    expect(loaded.runs).toEqual({ 'ann-recall-latency': [annResult({ seed: 7 })] });
    expect(loaded.skipped).toBe(7);
  });
});

describe('JSON lines', () => {
  it('whatever torn text a file ends with, the next append reads back whole', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.record({ a: fc.integer(), b: fc.string() }), (torn, record) => {
        const file = join(fresh('prop'), 'x.jsonl');
        writeFileSync(file, torn);
        appendJsonLine(file, record);
        const read = parseJsonLines(readFileSync(file, 'utf8'), (doc) => doc as typeof record);
        return JSON.stringify(read.records[read.records.length - 1]) === JSON.stringify(record);
      }),
      { numRuns: 50 },
    );
  });
});

describe('drill history', () => {
  it('a torn drill line keeps the next drill; records without `at` (or other fields) are skipped and counted', () => {
    const file = join(fresh('drills'), 'drills.jsonl');
    appendDrill(drill('a', 0.5), file);
    appendFileSync(file, '{"schema":"recsys-lab/drill@1","les'); // killed mid-write, no newline
    appendDrill(drill('b', 1), file);
    const { at: _at, ...noAt } = drill('c', 0.3);
    appendFileSync(file, `${JSON.stringify(noAt)}\n${JSON.stringify({ ...drill('d', 0.1), score: '90%' })}\n`);
    const read = readDrillHistory(file);
    expect(read.records.map((r) => r.lesson)).toEqual(['a', 'b']);
    expect(read.skipped).toBe(3);
  });

  // main() in this process (cliHere: XDG_STATE_HOME set for the call and put back): what is checked is the listing,
  // the count on stderr and the exit code, not the process
  it('end to end: drill --history over a record without `at` exits 0, listing the good ones and the count', async () => {
    const state = fresh('xdg');
    const file = join(state, 'recsys-lab', 'drills.jsonl');
    appendDrill(drill('scaling', 0.5), file);
    const { at: _at, ...noAt } = drill('metrics', 0.3);
    appendFileSync(file, `${JSON.stringify(noAt)}\n`);
    const r = await cliHere(['drill', '--history'], { env: { XDG_STATE_HOME: state } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Last 1 of 1 drills');
    expect(r.stdout).toContain('scaling');
    expect(r.stderr).toContain(`drill history: left out 1 unreadable record (torn or incomplete lines) in ${file}`);
    expectNoStack(r.stderr);
  });
});
