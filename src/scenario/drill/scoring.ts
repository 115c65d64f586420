/** Scoring a drill answer per outline part, and reading the answer's text (pick numbers, self-marks). Pure. */
import { UsageError } from '../../core/errors.js';
import type { DrillPart, DrillQuestion, DrillScore, PartOutcome, PartScore } from './types.js';

function summarise(parts: PartScore[], order?: number): DrillScore {
  const count = (o: PartOutcome): number => parts.filter((p) => p.outcome === o).length;
  const hits = count('hit');
  const falsePicks = count('false-pick');
  const outlineParts = parts.filter((p) => p.part.kind === 'outline').length;
  const coverage = outlineParts ? Math.max(0, hits - falsePicks) / outlineParts : 0;
  return {
    parts,
    hits,
    misses: count('miss'),
    falsePicks,
    rejected: count('rejected'),
    outlineParts,
    ...(order === undefined ? {} : { order }),
    score: coverage * (order ?? 1),
  };
}

/**
 * Kendall's τ between the order the steps were given in and their true order, floored at 0: (concordant − discordant)
 * pairs over all pairs. One step alone is in order (1); none, 0. O(m²) for m steps (an answer has a handful).
 */
export function orderAgreement(steps: readonly number[]): number {
  const m = steps.length;
  if (m === 0) return 0;
  if (m === 1) return 1;
  let agree = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) agree += Math.sign(steps[j] - steps[i]);
  return Math.max(0, agree / ((m * (m - 1)) / 2));
}

/**
 * Score a pick: `picked` are 0-based indices into `options`, in the order given. On an ordered question (its outline
 * parts carry their step) the score is also multiplied by how well that order keeps the steps' order, so the right
 * parts in a shuffled order score little. Throws UsageError for an index out of range.
 */
export function scorePick(options: DrillPart[], picked: number[]): DrillScore {
  const chosen = new Set(picked);
  for (const i of chosen) {
    if (!Number.isInteger(i) || i < 0 || i >= options.length) throw new UsageError(`drill: option ${i + 1} does not exist; options are 1–${options.length}`);
  }
  const ordered = options.some((o) => o.step !== undefined);
  const firstSeen = [...new Set(picked)];
  const steps = firstSeen.map((i) => options[i].step).filter((s): s is number => s !== undefined);
  return summarise(
    options.map((part, i) => ({
      part,
      outcome: part.kind === 'outline' ? (chosen.has(i) ? 'hit' : 'miss') : chosen.has(i) ? 'false-pick' : 'rejected',
    })),
    ordered ? orderAgreement(steps) : undefined,
  );
}

/** Score a written answer from the candidate's own marks: covered[i] for outline part i (missing marks = not covered). */
export function scoreWrite(q: DrillQuestion, covered: boolean[]): DrillScore {
  return summarise(q.outline.map((part, i) => ({ part, outcome: covered[i] ? 'hit' : 'miss' })));
}

/**
 * "1 3,4" → [0, 2, 3] (1-based numbers, separated by spaces or commas; duplicates dropped), sorted, or with
 * `keepOrder` in the order typed (an ordered question). Throws UsageError on anything else.
 */
export function parsePickAnswer(text: string, optionCount: number, keepOrder = false): number[] {
  const tokens = text.split(/[\s,]+/).filter(Boolean);
  const out = new Set<number>();
  for (const t of tokens) {
    const n = Number(t);
    if (!Number.isInteger(n) || n < 1 || n > optionCount) throw new UsageError(`drill: "${t}" is not an option number in 1–${optionCount}`);
    out.add(n - 1);
  }
  return keepOrder ? [...out] : [...out].sort((a, b) => a - b);
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
