// Small checks the topic files share.
import type { RunResult } from '../../../src/scenario/types.js';

/** Claims of a run that do not hold, each with what was observed (empty when every claim holds). */
export function claimsThatDoNotHold(r: RunResult): string[] {
  return r.claims.filter((c) => !c.holds).map((c) => `${c.text} ${JSON.stringify(c.observed)} ${c.error ?? ''}`);
}
