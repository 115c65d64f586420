/**
 * Experiment registry: id → lazy loader, so `list` and `show` never load tfjs or hnswlib.
 * One line per experiment; scenario YAMLs name these ids in their `experiment:` field.
 */
import type { Experiment } from './types.js';
import { UsageError } from '../core/errors.js';

const registry: Record<string, () => Promise<Experiment>> = {
  'offline-online-gap': () => import('./offline-online-gap.js').then((m) => m.experiment),
  'ab-test': () => import('./ab-test.js').then((m) => m.experiment),
  'ab-pitfalls': () => import('./ab-pitfalls.js').then((m) => m.experiment),
  cuped: () => import('./cuped.js').then((m) => m.experiment),
  'sequential-testing': () => import('./sequential-testing.js').then((m) => m.experiment),
  'long-term-holdout': () => import('./long-term-holdout.js').then((m) => m.experiment),
  'canary-rollout': () => import('./canary-rollout.js').then((m) => m.experiment),
  'drift-psi': () => import('./drift-psi.js').then((m) => m.experiment),
  'retraining-policy': () => import('./retraining-policy.js').then((m) => m.experiment),
  'ann-recall-latency': () => import('./ann-recall-latency.js').then((m) => m.experiment),
  'ann-compression': () => import('./ann-compression.js').then((m) => m.experiment),
  'two-stage-why': () => import('./two-stage-why.js').then((m) => m.experiment),
  'target-encoding-leakage': () => import('./target-encoding-leakage.js').then((m) => m.experiment),
  'high-cardinality': () => import('./high-cardinality.js').then((m) => m.experiment),
  'point-in-time': () => import('./point-in-time.js').then((m) => m.experiment),
  'training-serving-skew': () => import('./training-serving-skew.js').then((m) => m.experiment),
  'diversity-tradeoff': () => import('./diversity-tradeoff.js').then((m) => m.experiment),
  'latency-budget': () => import('./latency-budget.js').then((m) => m.experiment),
  'scale-out': () => import('./scale-out.js').then((m) => m.experiment),
  'two-tower-negatives': () => import('./two-tower-negatives.js').then((m) => m.experiment),
  'cold-start-users': () => import('./cold-start-users.js').then((m) => m.experiment),
  'explore-exploit': () => import('./explore-exploit.js').then((m) => m.experiment),
  'cold-start-items': () => import('./cold-start-items.js').then((m) => m.experiment),
  'cold-start-system': () => import('./cold-start-system.js').then((m) => m.experiment),
  'embedding-dim': () => import('./embedding-dim.js').then((m) => m.experiment),
  'two-tower-vs-single-tower': () => import('./two-tower-vs-single-tower.js').then((m) => m.experiment),
  'mf-vs-two-tower': () => import('./mf-vs-two-tower.js').then((m) => m.experiment),
  'mf-vs-deep': () => import('./mf-vs-deep.js').then((m) => m.experiment),
  'two-tower-history': () => import('./two-tower-history.js').then((m) => m.experiment),
  'ranker-gbdt-vs-nn': () => import('./ranker-gbdt-vs-nn.js').then((m) => m.experiment),
  'ranker-hybrid': () => import('./ranker-hybrid.js').then((m) => m.experiment),
  'multi-task-ranking': () => import('./multi-task-ranking.js').then((m) => m.experiment),
  'position-bias': () => import('./position-bias.js').then((m) => m.experiment),
  'calibration': () => import('./calibration.js').then((m) => m.experiment),
  'why-embeddings': () => import('./why-embeddings.js').then((m) => m.experiment),
  'design-review': () => import('./design-review.js').then((m) => m.experiment),
  freshness: () => import('./freshness.js').then((m) => m.experiment),
  'sequence-vs-pooling': () => import('./sequence-vs-pooling.js').then((m) => m.experiment),
};

/** Add an experiment at run time (library users, tests); an id may not be registered twice. */
export function registerExperiment(experiment: Experiment): void {
  if (Object.hasOwn(registry, experiment.id)) throw new UsageError(`experiment "${experiment.id}" is already registered`);
  registry[experiment.id] = async () => experiment;
}

export function experimentIds(): string[] {
  return Object.keys(registry).sort();
}

export async function loadExperiment(id: string): Promise<Experiment> {
  // own entries only: "constructor" or "__proto__" are not experiments
  const load = Object.hasOwn(registry, id) ? registry[id] : undefined;
  if (!load) {
    throw new UsageError(`unknown experiment "${id}"; known experiments: ${experimentIds().join(', ') || '(none)'}`);
  }
  return load();
}
