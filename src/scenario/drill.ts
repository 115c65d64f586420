/**
 * The interview drill: a question bank read from the lessons, and the scoring of an answer.
 * Pure logic (no terminal, no files): the CLI and the TUI drive it, the tests check it.
 *
 * Each lesson gives one question: its interview question; its "What a staff-level answer covers" bullets are the
 * outline parts a strong answer covers; its "Common wrong answers" bullets are the distractors of the pick mode;
 * its "Follow-up questions" are asked after the answer.
 */
import { Rng } from '../core/rng.js';
import { UsageError } from '../core/errors.js';
import { parseLesson, plainText } from './lesson-parse.js';

export type DrillMode = 'pick' | 'write';
export const DRILL_MODES: readonly DrillMode[] = ['pick', 'write'];
/** Minutes for the answer when the candidate names none: picking is quicker than writing (the CLI's --minutes defaults). */
export const DEFAULT_DRILL_MINUTES: Readonly<Record<DrillMode, number>> = { pick: 3, write: 5 };

export interface DrillPart {
  kind: 'outline' | 'distractor';
  /** one short line to choose or mark */
  label: string;
  /** the whole bullet, as plain text, shown after the answer */
  detail: string;
}

export interface DrillQuestion {
  lesson: string;
  title: string;
  question: string;
  outline: DrillPart[];
  distractors: DrillPart[];
  followUps: string[];
  /** scenarios the lesson names (its "Scenarios:" line and `recsys-lab run` commands) */
  scenarioIds: string[];
}

const LABEL_MAX = 150;

/** Up to the first full stop that ends a sentence (not the one in "e.g." or "vs."). */
function firstSentence(text: string): string {
  for (const m of text.matchAll(/[.?!](?=\s|$)/g)) {
    const before = text.slice(0, m.index + 1);
    if (/(?:\be\.g|\bi\.e|\bvs|\betc|\bcf|\b[A-Z])\.$/.test(before)) continue;
    return before.trim();
  }
  return text.trim();
}

function clip(text: string, max = LABEL_MAX): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[,;:—–-]\s*$/, '')}…`;
}

/** "**Lead.** Rest …" → "Lead. First sentence of rest"; otherwise the first sentence. Clipped to one line. */
export function outlineLabel(bulletMd: string): string {
  const lead = /^\*\*(.+?)\*\*\s*(.*)$/.exec(bulletMd.trim());
  // a bold lead that is not its own sentence ("**Interpretability** is …") is read as part of the first sentence
  if (!lead || !/[.:?]$/.test(lead[1].trim())) return clip(firstSentence(plainText(bulletMd)));
  const head = plainText(lead[1]).replace(/[.:]$/, '');
  const rest = firstSentence(plainText(lead[2]));
  return clip(rest ? `${head}: ${rest}` : head);
}

/** A wrong answer as the candidate would say it: its quoted words if it starts with a quote, else its first sentence. */
export function distractorLabel(bulletMd: string): string {
  const text = plainText(bulletMd);
  const quoted = /^["“](.+?)["”]/.exec(text);
  return clip(quoted ? `“${quoted[1].replace(/[.,]$/, '')}”` : firstSentence(text));
}

export function drillQuestionFromLesson(lesson: string, markdown: string): DrillQuestion {
  const p = parseLesson(markdown);
  return {
    lesson,
    title: p.title,
    question: plainText(p.question),
    outline: p.outline.map((b) => ({ kind: 'outline', label: outlineLabel(b), detail: plainText(b) })),
    distractors: p.wrongAnswers.map((b) => ({ kind: 'distractor', label: distractorLabel(b), detail: plainText(b) })),
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

export type PartOutcome = 'hit' | 'miss' | 'false-pick' | 'rejected';

export interface PartScore {
  part: DrillPart;
  outcome: PartOutcome;
}

export interface DrillScore {
  parts: PartScore[];
  /** outline parts picked (pick) or marked covered (write) */
  hits: number;
  /** outline parts left out */
  misses: number;
  /** distractors picked (pick mode only) */
  falsePicks: number;
  /** distractors left alone (pick mode only) */
  rejected: number;
  outlineParts: number;
  /** (hits − falsePicks) / outline parts, floored at 0: picking everything scores no better than picking nothing wrong */
  score: number;
}

function summarise(parts: PartScore[]): DrillScore {
  const count = (o: PartOutcome): number => parts.filter((p) => p.outcome === o).length;
  const hits = count('hit');
  const falsePicks = count('false-pick');
  const outlineParts = parts.filter((p) => p.part.kind === 'outline').length;
  return {
    parts,
    hits,
    misses: count('miss'),
    falsePicks,
    rejected: count('rejected'),
    outlineParts,
    score: outlineParts ? Math.max(0, hits - falsePicks) / outlineParts : 0,
  };
}

/** Score a pick: `picked` are 0-based indices into `options`. Throws UsageError for an index out of range. */
export function scorePick(options: DrillPart[], picked: number[]): DrillScore {
  const chosen = new Set(picked);
  for (const i of chosen) {
    if (!Number.isInteger(i) || i < 0 || i >= options.length) throw new UsageError(`drill: option ${i + 1} does not exist; options are 1–${options.length}`);
  }
  return summarise(
    options.map((part, i) => ({
      part,
      outcome: part.kind === 'outline' ? (chosen.has(i) ? 'hit' : 'miss') : chosen.has(i) ? 'false-pick' : 'rejected',
    })),
  );
}

/** Score a written answer from the candidate's own marks: covered[i] for outline part i (missing marks = not covered). */
export function scoreWrite(q: DrillQuestion, covered: boolean[]): DrillScore {
  return summarise(q.outline.map((part, i) => ({ part, outcome: covered[i] ? 'hit' : 'miss' })));
}

/** "1 3,4" → [0, 2, 3] (1-based numbers, separated by spaces or commas; duplicates dropped). Throws UsageError on anything else. */
export function parsePickAnswer(text: string, optionCount: number): number[] {
  const tokens = text.split(/[\s,]+/).filter(Boolean);
  const out = new Set<number>();
  for (const t of tokens) {
    const n = Number(t);
    if (!Number.isInteger(n) || n < 1 || n > optionCount) throw new UsageError(`drill: "${t}" is not an option number in 1–${optionCount}`);
    out.add(n - 1);
  }
  return [...out].sort((a, b) => a - b);
}

/** Self-marks: "y n y", "1 0 1" or "yny" → [true, false, true]. Throws UsageError on another character. */
export function parseMarks(text: string): boolean[] {
  const compact = text.trim().toLowerCase();
  const tokens = /[\s,]/.test(compact) ? compact.split(/[\s,]+/).filter(Boolean) : [...compact];
  return tokens.map((t) => {
    if (['y', 'yes', '1'].includes(t)) return true;
    if (['n', 'no', '0'].includes(t)) return false;
    throw new UsageError(`drill: mark "${t}" must be y/n (or 1/0)`);
  });
}
