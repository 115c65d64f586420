// The interview drill's logic: the question bank read from the lessons, seeded shuffles, per-part scoring,
// answer parsing, the JSON-lines history, and the summary of a measured run.
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { UsageError } from '../../src/core/errors.js';
import {
  chooseQuestion,
  drillQuestionFromLesson,
  partLabel,
  parseMarks,
  parsePickAnswer,
  pickOptions,
  scorePick,
  scoreWrite,
  type DrillQuestion,
} from '../../src/scenario/drill/index.js';
import { loadDrillBank } from '../../src/scenario/drill/bank.js';
import { appendDrill, drillHistoryPath, drillProgress, readDrills, type DrillRecord } from '../../src/scenario/drill/history.js';
import { formatMeasured, scenariosForLesson, summariseRun } from '../../src/scenario/drill/measure.js';
import type { RunResult, Scenario } from '../../src/scenario/types.js';

const LESSON = `# A lesson

> **Interview question:** Why split retrieval
> and ranking?

## What a staff-level answer covers

- **Budget first: a request has 100 ms.** Scoring everything is linear.
  - a nested detail
- **Recall is lost for good.** What retrieval drops, ranking never sees.
- Latency composes across stages. Each stage spends from one budget.

## Try it

- \`recsys-lab run two-stage-why --scale tiny\`

## Claims this lab measures

- Full scoring breaks the budget.

## Common wrong answers

- **Use a faster model.** A constant factor does not fix linear growth.
- Forgetting the tail. Stage p99s do not add up.

## Follow-up questions

- How would you choose N?

## Scenarios and tests

- Scenarios: \`two-stage-why\`, \`ann-recall-latency\`
- Worked examples: test/properties/ann.test.ts
`;

const q = drillQuestionFromLesson('demo', LESSON);

describe('question bank', () => {
  it('reads the question, outline parts, distractors and follow-ups from a lesson', () => {
    expect(q.question).toBe('Why split retrieval and ranking?');
    // one rule for both kinds: the bold opening statement, else the first sentence
    expect(q.outline.map((p) => p.label)).toEqual([
      'Budget first: a request has 100 ms.',
      'Recall is lost for good.',
      'Latency composes across stages.',
    ]);
    expect(q.outline[0].detail).toBe('Budget first: a request has 100 ms. Scoring everything is linear. a nested detail');
    expect(q.distractors.map((p) => p.label)).toEqual(['Use a faster model.', 'Forgetting the tail.']);
    expect(q.followUps).toEqual(['How would you choose N?']);
    expect(q.scenarioIds).toEqual(['two-stage-why', 'ann-recall-latency']);
  });

  it('cuts labels the same way for every part, clipping a long one on a word boundary with an ellipsis', () => {
    const label = partLabel(`**${'word '.repeat(60)}end.** More.`);
    expect(label.length).toBeLessThanOrEqual(150);
    expect(label.endsWith('…')).toBe(true);
    // a bold lead that is not a sentence is read as part of the first sentence, which stops at "e.g." or "vs." only when they end it
    expect(partLabel('**Single towers win** on interactions (e.g. price × taste). More text.')).toBe('Single towers win on interactions (e.g. price × taste).');
    expect(partLabel('It grows vs. the catalog. More.')).toBe('It grows vs. the catalog.');
    // quotes are kept as written: no kind of part gets a format of its own
    expect(partLabel('"Just hash it." Collisions.')).toBe('"Just hash it." Collisions.');
  });

  it('has a question for every lesson in lessons/', async () => {
    const bank = await loadDrillBank();
    expect(bank.length).toBeGreaterThanOrEqual(10);
    for (const b of bank) {
      expect(b.question.length).toBeGreaterThan(10);
      expect(b.outline.length).toBeGreaterThan(0);
    }
  });
});

describe('seeded choices', () => {
  it('the same seed shuffles the options identically; they are a permutation of outline + distractors', () => {
    const a = pickOptions(q, new Rng(5)).map((p) => p.label);
    const b = pickOptions(q, new Rng(5)).map((p) => p.label);
    expect(a).toEqual(b);
    expect([...a].sort()).toEqual([...q.outline, ...q.distractors].map((p) => p.label).sort());
  });

  it('different seeds give different orders for some seed (the shuffle is not the identity)', () => {
    const orders = new Set(Array.from({ length: 20 }, (_, s) => pickOptions(q, new Rng(s)).map((p) => p.label).join('|')));
    expect(orders.size).toBeGreaterThan(5);
  });

  it('chooses among the lessons drilled least', () => {
    const bank = ['a', 'b', 'c'].map((lesson) => ({ ...q, lesson }) as DrillQuestion);
    for (let s = 0; s < 30; s++) expect(chooseQuestion(bank, ['a', 'b', 'a'], new Rng(s)).lesson).toBe('c');
    const picked = new Set(Array.from({ length: 30 }, (_, s) => chooseQuestion(bank, ['a'], new Rng(s)).lesson));
    expect([...picked].sort()).toEqual(['b', 'c']);
    expect(() => chooseQuestion([], [], new Rng(1))).toThrow(UsageError);
  });
});

describe('scoring', () => {
  const options = pickOptions(q, new Rng(11));
  const outlineIdx = options.flatMap((p, i) => (p.kind === 'outline' ? [i] : []));
  const distractorIdx = options.flatMap((p, i) => (p.kind === 'distractor' ? [i] : []));

  it('picking exactly the outline scores 1 with every distractor rejected', () => {
    const s = scorePick(options, outlineIdx);
    expect([s.hits, s.misses, s.falsePicks, s.rejected, s.score]).toEqual([3, 0, 0, 2, 1]);
  });

  it('picking everything scores no better than the hits minus the wrong picks', () => {
    const s = scorePick(options, [...outlineIdx, ...distractorIdx]);
    expect([s.hits, s.falsePicks]).toEqual([3, 2]);
    expect(s.score).toBeCloseTo(1 / 3, 12); // (3 − 2) / 3, exact up to float rounding
  });

  it('scores each part: a hit, a miss, a wrong pick, a rejection', () => {
    const s = scorePick(options, [outlineIdx[0], distractorIdx[0]]);
    expect(s.parts[outlineIdx[0]].outcome).toBe('hit');
    expect(s.parts[outlineIdx[1]].outcome).toBe('miss');
    expect(s.parts[distractorIdx[0]].outcome).toBe('false-pick');
    expect(s.parts[distractorIdx[1]].outcome).toBe('rejected');
    expect(s.score).toBe(0); // max(0, 1 − 1) / 3
  });

  it('rejects an option number out of range', () => {
    expect(() => scorePick(options, [options.length])).toThrow(/does not exist/);
  });

  it('scores a written answer from self-marks; missing marks are not covered', () => {
    const s = scoreWrite(q, [true, false]);
    expect(s.parts.map((p) => p.outcome)).toEqual(['hit', 'miss', 'miss']);
    expect(s.score).toBeCloseTo(1 / 3, 12);
  });

  it('parses picks and marks in the documented formats', () => {
    expect(parsePickAnswer(' 3, 1 3\t2 ', 5)).toEqual([0, 1, 2]);
    expect(parsePickAnswer('', 5)).toEqual([]);
    expect(() => parsePickAnswer('6', 5)).toThrow(/not an option number in 1–5/);
    expect(parseMarks('y n Y')).toEqual([true, false, true]);
    expect(parseMarks('101')).toEqual([true, false, true]);
    expect(() => parseMarks('y maybe')).toThrow(/must be y\/n/);
  });
});

describe('history', () => {
  const record = (lesson: string, score: number): DrillRecord => ({
    schema: 'recsys-lab/drill@1', at: new Date(0).toISOString(), lesson, mode: 'pick', seed: 1, minutes: 3, elapsedMs: 10,
    timedOut: false, score, hits: 1, misses: 1, falsePicks: 0, outlineParts: 2, parts: [],
  });

  it('lives under XDG_STATE_HOME when it is absolute, else ~/.local/state', () => {
    expect(drillHistoryPath({ XDG_STATE_HOME: '/x/state' })).toBe('/x/state/recsys-lab/drills.jsonl');
    expect(drillHistoryPath({ XDG_STATE_HOME: 'relative' })).toMatch(/\.local\/state\/recsys-lab\/drills\.jsonl$/);
  });

  it('appends JSON lines, skips a torn line, and summarises progress per lesson', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drill-history-')), 'sub', 'drills.jsonl');
    expect(readDrills(path)).toEqual([]);
    appendDrill(record('a', 0.5), path);
    appendFileSync(path, '{"schema":"recsys-lab/drill@1","les'); // a crash mid-write
    appendFileSync(path, '\n');
    appendDrill(record('a', 0.25), path);
    appendDrill(record('b', 1), path);
    const all = readDrills(path);
    expect(all.map((r) => [r.lesson, r.score])).toEqual([['a', 0.5], ['a', 0.25], ['b', 1]]);
    expect(drillProgress(all)).toEqual([
      { lesson: 'a', drills: 2, best: 0.5, last: 0.25 },
      { lesson: 'b', drills: 1, best: 1, last: 1 },
    ]);
  });
});

describe('measured numbers', () => {
  const scenario = (id: string, lesson: string): Scenario =>
    ({ id, title: id, lesson, headline: ['recall_at_10', 'p99_ms'], claims: [], params: [], predictions: [], show: { charts: [] } }) as unknown as Scenario;

  it('runs the lesson\'s own scenarios, else at most two it names', () => {
    const all = [scenario('x', 'l1'), scenario('y', 'l1'), scenario('z', 'l2'), scenario('w', 'l3')];
    expect(scenariosForLesson('l1', ['z'], all).map((s) => s.id)).toEqual(['x', 'y']);
    expect(scenariosForLesson('metrics', ['nope', 'z', 'x', 'w'], all).map((s) => s.id)).toEqual(['z', 'x']);
  });

  it('summarises a run into its headline metrics and claims', () => {
    const result = {
      scale: 'tiny', durationMs: 1234, metrics: { recall_at_10: 0.9567, p99_ms: 0.42, other: 1 },
      claims: [{ text: 'recall high', expr: 'recall_at_10 > 0.95', verdict: 'holds', holds: true, observed: { recall_at_10: 0.9567 } }],
    } as unknown as RunResult;
    const m = summariseRun(result, scenario('ann', 'scaling'));
    expect(m.headline).toEqual([{ metric: 'recall_at_10', value: 0.9567 }, { metric: 'p99_ms', value: 0.42 }]);
    const text = formatMeasured([m]).join('\n');
    expect(text).toContain('recall_at_10  0.957');
    expect(text).toContain('✓ holds');
    expect(text).toContain('recall high (recall_at_10 = 0.957)');
  });
});
