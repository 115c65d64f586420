/**
 * The drill's vocabulary, shared by every drill module, the CLI command and the TUI screen: a question's parts,
 * the modes, and a scored answer.
 */

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
  /** an ordered question's outline part: its place in the answer, from 0 (the lesson numbers its outline 1., 2., …) */
  step?: number;
}

export interface DrillQuestion {
  lesson: string;
  title: string;
  question: string;
  outline: DrillPart[];
  distractors: DrillPart[];
  /** the order of the outline parts is part of the answer: picks are scored in the order given */
  ordered?: boolean;
  followUps: string[];
  /** scenarios the lesson names (its "Scenarios:" line and `recsys-lab run` commands) */
  scenarioIds: string[];
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
  /**
   * ordered questions: how well the picked outline parts keep the answer's order — Kendall's τ between the order
   * picked and the steps' order, floored at 0 (1 = in order, 0 = no better than a shuffle, or reversed)
   */
  order?: number;
  /**
   * (hits − falsePicks) / outline parts, floored at 0: picking everything scores no better than picking nothing wrong;
   * on an ordered question, times `order`, so the right parts in no order score little
   */
  score: number;
}
