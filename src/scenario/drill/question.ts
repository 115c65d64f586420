/**
 * A drill question from a lesson, which lesson to drill next, and the pick mode's shuffled options.
 * Pure (no terminal, no files): bank.ts reads the lessons, the CLI and the TUI drive the rest.
 *
 * Each lesson gives one question: its interview question; its "What a staff-level answer covers" bullets are the
 * outline parts a strong answer covers; its "Common wrong answers" bullets are the distractors of the pick mode;
 * its "Follow-up questions" are asked after the answer. An outline written as a numbered list makes an ordered
 * question: the candidate picks the parts in the order an answer covers them, and the order is scored.
 */
import { Rng } from '../../core/rng.js';
import { UsageError } from '../../core/errors.js';
import { findSection, parseLesson, plainText } from '../lesson-parse.js';
import { partLabel } from './labels.js';
import type { DrillPart, DrillQuestion } from './types.js';

export function drillQuestionFromLesson(lesson: string, markdown: string): DrillQuestion {
  const p = parseLesson(markdown);
  // an outline written as a numbered list (1., 2., …) is a sequence: the order of the parts is part of the answer
  const ordered = /^1\.\s/m.test(findSection(p.sections, 'outline')?.body ?? '');
  return {
    lesson,
    title: p.title,
    question: plainText(p.question),
    ordered,
    outline: p.outline.map((b, i) => ({ kind: 'outline', label: partLabel(b), detail: plainText(b), ...(ordered ? { step: i } : {}) })),
    distractors: p.wrongAnswers.map((b) => ({ kind: 'distractor', label: partLabel(b), detail: plainText(b) })),
    followUps: p.followUps.map(plainText),
    scenarioIds: p.scenarioIds,
  };
}

/**
 * The lesson to drill: uniformly among those drilled least often so far (so repeated drills walk the course).
 * O(lessons). Throws UsageError on an empty bank.
 */
export function chooseQuestion(bank: DrillQuestion[], pastLessons: string[], rng: Rng): DrillQuestion {
  if (bank.length === 0) throw new UsageError('drill: no lesson has an interview question and an outline');
  const counts = new Map(bank.map((q) => [q.lesson, 0]));
  for (const l of pastLessons) if (counts.has(l)) counts.set(l, counts.get(l)! + 1);
  const least = Math.min(...counts.values());
  const pool = bank.filter((q) => counts.get(q.lesson) === least);
  return pool[rng.int(pool.length)];
}

/** The pick mode's options: outline parts and distractors shuffled together (Fisher–Yates on the given Rng). */
export function pickOptions(q: DrillQuestion, rng: Rng): DrillPart[] {
  return rng.shuffle([...q.outline, ...q.distractors]);
}

/** The options a drill seed gives: the CLI and the TUI both shuffle with this fork, so one seed is one order everywhere. */
export function pickOptionsForSeed(q: DrillQuestion, seed: number): DrillPart[] {
  return pickOptions(q, new Rng(seed).fork(`options:${q.lesson}`));
}
