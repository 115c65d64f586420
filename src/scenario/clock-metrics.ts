// Which metrics a clock made: measured times, rates and speed-ups, and numbers computed from them. Their values differ
// run to run, so the behaviour snapshots leave them out (test/helpers/golden.ts), a finding that reads one moves by the
// clock (test/helpers/findings-move.ts), and the scenario-wide benches run a claim that reads one alone on a quiet
// machine (bench/cli-run.ts). One definition for all three.

/**
 * Names a clock decides: a unit word (_ms, _us, _s, _seconds, qps/rps, per_s, speedup) or a growth factor (…_x), and
 * names that say a time ratio or a timing crossover.
 */
const CLOCK_NAME = /(^|_)(ms|us|s|seconds?|qps|rps|speedup)(_|$)|_x$|qps|speedup|time_ratio|crossover/;

/** Metrics computed from timings whose names do not say so, each with what it is made of. */
export const CLOCK_DERIVED: Readonly<Record<string, string>> = {
  cross_over_two_tower: 'cross-encoder p50 over two-tower p50',
  cross_over_two_tower_at_largest: 'cross-encoder p50 over two-tower p50',
  crossover_found: 'whether a catalog size put the cross-encoder over budget',
  crossover_items: 'the catalog size where full scoring first went over budget',
  largest_full_within_budget: 'largest catalog whose full-scoring p99 fits the budget',
  two_stage_within_budget_everywhere: 'whether every two-stage p99 fit the budget',
  train_time_ratio: 'training time over training time',
  train_cost_per_example_ratio: 'training time per example over training time per example',
  cross_budget_items: "the budget over the cross model's measured cost per item",
  full_n: 'calls the full-catalog scan made within its time cap',
  cross_n: 'calls the cross model made within its time cap',
  encode_cost_ratio_all_vs_truncate: 'encoding time over encoding time',
  unaccounted_pct: 'request time not inside a timed stage',
  stage_tail_overlap: "share of the slowest requests also among a stage's slowest",
  build_from_cache: 'whether the index came from the artefact cache (depends on what ran before)',
  from_cache: 'whether the index came from the artefact cache (depends on what ran before)',
};

/** True when a clock made the metric `name`, by its name or as one of CLOCK_DERIVED. */
export function isClockMetric(name: string): boolean {
  return CLOCK_NAME.test(name) || Object.hasOwn(CLOCK_DERIVED, name);
}
