/** Hand-made scenarios and run results for the TUI tests: the screens render them without running anything. */
import type { RunResult, Scenario } from '../../src/scenario/types.js';
import type { DrillQuestion } from '../../src/scenario/drill/index.js';

export const annScenario: Scenario = {
  id: 'ann-recall-latency',
  title: 'HNSW against exact search — recall versus latency',
  topic: 'deep-dives',
  section: 'Serving → ANN search',
  question: 'Serving nearest-neighbour retrieval over millions of item vectors inside a latency budget: what does ANN trade away?',
  lesson: 'scaling',
  experiment: 'ann-recall-latency',
  params: [
    { name: 'items', type: 'int', default: 100000, scaleDefaults: { tiny: 5000, full: 1000000 }, min: 1000, max: 1000000, unit: 'items', description: 'Catalog size indexed.' },
    { name: 'M', type: 'int', default: 16, min: 4, max: 64, unit: 'links', description: 'HNSW graph degree.' },
    { name: 'metric', type: 'enum', default: 'ip', choices: ['ip', 'cosine', 'l2'], description: 'Similarity.' },
  ],
  sweep: { param: 'ef', values: [10, 50, 200] },
  headline: ['recall_at_10', 'p99_ms'],
  show: {
    charts: [
      { type: 'line', from: 'ef-sweep', x: 'ef', y: ['recall_at_10'], title: 'Recall against ef' },
      { type: 'bars', from: 'latency', y: ['p99_ms'], budget: 1 },
    ],
  },
  claims: [{ text: 'HNSW reaches recall@10 ≥ 0.95 below 1 ms p99', expr: 'recall_at_10 >= 0.95 and p99_ms < 1' }],
  predictions: [
    { metric: 'recall_at_10', question: 'If you double M, does recall@10 go up, down or stay the same?', explanation: 'More links per node give the greedy search more routes to the true neighbours.' },
  ],
};

export const driftScenario: Scenario = {
  ...annScenario,
  id: 'psi-drift',
  title: 'Detecting drift with PSI',
  topic: 'production-ml',
  question: 'How do you know the feature distribution moved before the metrics drop?',
  lesson: 'data-drift',
  experiment: 'psi-drift',
  params: [{ name: 'bins', type: 'int', default: 10, min: 2, max: 50, description: 'PSI bins.' }],
  sweep: undefined,
  headline: ['psi'],
  show: { charts: [] },
  claims: [],
  predictions: [],
};

export const twoStageScenario: Scenario = {
  ...driftScenario,
  id: 'two-stage-funnel',
  title: 'Retrieval then ranking',
  topic: 'system-design',
  question: 'Why do recommenders retrieve hundreds of candidates before ranking?',
  lesson: 'two-stage-architecture',
  headline: ['recall_at_100'],
};

export const scenarios = [annScenario, driftScenario, twoStageScenario];

export function annResult(overrides: Partial<RunResult> = {}): RunResult {
  return {
    schema: 'recsys-lab/run@2',
    scenario: 'ann-recall-latency',
    title: annScenario.title,
    seed: 42,
    scale: 'tiny',
    params: { items: 5000, M: 16, metric: 'ip' },
    environment: { node: 'v20', tfjsBackend: 'none', cpus: 2 },
    metrics: { recall_at_10: 0.91, p99_ms: 0.42 },
    series: [{ name: 'ef-sweep', x: 'ef', points: [{ ef: 10, recall_at_10: 0.71, p99_ms: 0.1 }, { ef: 50, recall_at_10: 0.91, p99_ms: 0.42 }, { ef: 200, recall_at_10: 0.99, p99_ms: 1.3 }] }],
    latency: { search: { n: 200, p50_ms: 0.2, p95_ms: 0.35, p99_ms: 0.42, mean_ms: 0.22 } },
    claims: [{ text: 'HNSW reaches recall@10 ≥ 0.95 below 1 ms p99', expr: 'recall_at_10 >= 0.95 and p99_ms < 1', kind: 'finding', verdict: 'fails', holds: false, share: 0, replicates: 1, observed: { recall_at_10: 0.91, p99_ms: 0.42 } }],
    tables: [{ title: 'Index', columns: ['kind', 'build_ms'], rows: [['hnsw', 120], ['exact', 0]] }],
    notes: ['ef=200 crosses the 1 ms budget'],
    durationMs: 1234,
    ...overrides,
  };
}

/** A drill question for the scaling lesson (the ANN scenario's): two outline parts, one distractor, one follow-up. */
export const scalingDrill: DrillQuestion = {
  lesson: 'scaling',
  title: 'Scaling retrieval',
  question: 'How do you serve nearest neighbours over 100M items under 10 ms?',
  outline: [
    { kind: 'outline', label: 'ANN index: HNSW or IVF trades recall for latency', detail: 'ANN index: HNSW or IVF trades recall for latency, tuned with ef.' },
    { kind: 'outline', label: 'Shard the index and merge top-k', detail: 'Shard the index across machines and merge the per-shard top-k.' },
  ],
  distractors: [{ kind: 'distractor', label: '“Just use exact search on a GPU”', detail: '"Just use exact search on a GPU" ignores cost at 100M.' }],
  followUps: ['What happens to recall when the catalog doubles?'],
  scenarioIds: ['ann-recall-latency'],
};
