/**
 * What a run owes the claims it judges: every metric a finding reads has replicates (so it has an interval),
 * unless the scenario names it as exact (a count, a single stage timing), and every such interval contains the
 * point value it was resampled around.
 */
import type { RunResult } from '../../src/scenario/types.js';

export function claimReplicateProblems(r: RunResult, exact: string[] = []): string[] {
  const problems = new Set<string>();
  for (const c of r.claims) {
    if (c.kind !== 'finding') continue;
    for (const [name, value] of Object.entries(c.observed ?? {})) {
      if (!(name in r.metrics)) continue; // a param, not a metric
      const iv = r.intervals?.[name];
      if (!iv) {
        if (!exact.includes(name)) problems.add(`${name}: read by "${c.text}" but has no replicates`);
        continue;
      }
      const v = Number(value);
      // a percentile interval of a mean contains the mean; allow rounding in the last digits
      if (!(iv[0] <= v + 1e-12 && v <= iv[1] + 1e-12)) problems.add(`${name}: ${v} outside its interval [${iv[0]}, ${iv[1]}]`);
    }
  }
  return [...problems];
}
