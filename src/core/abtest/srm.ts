/**
 * Sample ratio mismatch: the arms' user counts against the split the design promised. A 50/50 test that
 * logs 50,000 against 48,900 users has lost someone, and whoever it lost is rarely a random slice.
 */
import { chiSquareGoodnessOfFit, type ChiSquareResult } from '../drift/tests.js';
import { UsageError } from '../errors.js';

/**
 * Pearson χ² goodness of fit of the observed counts per arm to the designed shares (Fabijan et al., KDD 2019,
 * "Diagnosing Sample Ratio Mismatch"): the χ² code of src/core/drift with dof = arms − 1. Teams alarm at
 * p < 0.0005 or so, not 0.05: the check runs on every test, and a false alarm stops a launch.
 * O(arms). Throws UsageError for fewer than 2 arms, different lengths, a negative count, no users, or shares
 * that are not > 0 or do not sum to 1 (within 1e-6).
 */
export function sampleRatioMismatch(counts: number[], expectedShares: number[]): ChiSquareResult {
  if (counts.length !== expectedShares.length) {
    throw new UsageError(`sampleRatioMismatch: counts and expectedShares must have the same length, got ${counts.length} and ${expectedShares.length}`);
  }
  let sum = 0;
  for (const s of expectedShares) sum += s;
  if (!(Math.abs(sum - 1) <= 1e-6)) throw new UsageError(`sampleRatioMismatch: expectedShares must sum to 1, got ${sum}`);
  return chiSquareGoodnessOfFit(counts, expectedShares);
}
