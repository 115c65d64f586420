// The pick drill tests understanding, not test-taking: outline parts and wrong answers are written and shown in one
// format, the wrong answers are near misses, and no strategy that reads only the options' format (quotes, length,
// position, numbers, absolute words …) scores 50% on any lesson. The old format (bold "Lead:" parts beside quoted
// wrong answers) is kept below as the case the check must catch.
import { describe, expect, it } from 'vitest';
import { loadDrillBank } from '../../src/scenario/drill/bank.js';
import { drillQuestionFromLesson, LABEL_MAX, leadStatement, pickOptionsForSeed, scorePick, type DrillQuestion } from '../../src/scenario/drill/index.js';
import { findSection, parseLesson, topLevelBullets } from '../../src/scenario/lesson-parse.js';
import { listLessonIds, loadLesson } from '../../src/scenario/lessons.js';
import { labelsOf, STRATEGIES } from './format-strategies.js';

/** Shuffles averaged over: first-n and last-n depend on the order shown, ties in the others too. */
const SEEDS = 40;

function strategyScores(q: DrillQuestion): { name: string; score: number }[] {
  return STRATEGIES.map((s) => {
    let total = 0;
    for (let seed = 0; seed < SEEDS; seed++) {
      const options = pickOptionsForSeed(q, seed);
      total += scorePick(options, s.pick(labelsOf(options), q.outline.length, q.question)).score;
    }
    return { name: s.name, score: total / SEEDS };
  });
}

const worst = (q: DrillQuestion) => strategyScores(q).filter((s) => s.score >= 0.5).map((s) => `${s.name}: ${s.score.toFixed(2)}`);

const OLD_FORMAT = `# Ranking

> **Interview question:** Trees or a network for ranking?

## What a staff-level answer covers

- **Why trees.** Heterogeneous tabular features need no scaling.
- **Serving cost.** A few comparisons per tree.
- **The hybrid.** Embedding dot products as features.

## Common wrong answers

- "Neural networks are always more accurate." Not on tabular features.
- "More trees always help." Not without early stopping.
`;

describe('the format check', () => {
  it('catches the old format: picking every unquoted option aced it', () => {
    const q = drillQuestionFromLesson('old', OLD_FORMAT);
    expect(strategyScores(q).find((s) => s.name === 'unquoted only')!.score).toBe(1);
    expect(worst(q).length).toBeGreaterThan(0);
  });
});

const bank = await loadDrillBank();
const lessons = await Promise.all(listLessonIds().map(async (id) => ({ id, parsed: parseLesson(await loadLesson(id)) })));

describe.each(bank.map((q) => ({ lesson: q.lesson, q })))('drill for $lesson', ({ lesson, q }) => {
  it('no format-only strategy scores 50% or more', () => {
    expect(worst(q)).toEqual([]);
  });

  it('opens every outline part and wrong answer with one bold statement that fits a label', () => {
    const parsed = lessons.find((l) => l.id === lesson)!.parsed;
    const bullets = [...parsed.outline, ...parsed.wrongAnswers];
    const bad = bullets.filter((b) => {
      const lead = leadStatement(b);
      return lead === undefined || lead.length > LABEL_MAX;
    });
    expect(bad.map((b) => b.slice(0, 80))).toEqual([]);
  });

  it('keeps this lab\'s implementation out of the parts it scores (engines, builds, source paths)', () => {
    const parts = [...q.outline, ...q.distractors].map((p) => p.detail);
    const lab = /\bsrc\/|DESIGN\.md|\bthis lab\b|\btfjs\b|\bwasm\b|AVX|SSE2|hnswlib-node|recsys-lab run|--set\b/i;
    expect(parts.filter((p) => lab.test(p))).toEqual([]);
  });
});

describe('the two-tower lesson\'s engines', () => {
  it('sit in an appendix the drill does not read', () => {
    const parsed = lessons.find((l) => l.id === 'two-tower-training')!.parsed;
    const appendix = parsed.sections.find((s) => /^About this lab/i.test(s.heading));
    expect(appendix?.body).toMatch(/AVX-512/);
    expect(topLevelBullets(findSection(parsed.sections, 'outline')!.body).join(' ')).not.toMatch(/AVX|tfjs/);
  });
});
