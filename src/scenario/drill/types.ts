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
