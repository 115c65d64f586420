import { defineConfig } from 'vitest/config';

const ALL = ['test/**/*.test.ts', 'test/**/*.test.tsx'];
// Files that keep no global state between them (no tfjs backend, no env vars, no native threads, no child processes
// to drive) share one module graph per worker: a fresh process and a fresh import of src/ for each such file cost
// more CPU than most of its tests (measured: 37 files of core and properties took 57 CPU-s isolated, 30 shared).
// Everything else keeps a process of its own per file.
const SHARED = [
  'test/core/**/*.test.ts',
  'test/properties/**/*.test.ts',
  'test/measure/*.test.ts',
  'test/lessons/*.test.ts',
  'test/ranking/*.test.ts',
  'test/drill/*.test.ts',
  'test/scenario/*.test.ts',
  'test/boundaries.test.ts',
  // pure reducers and ink screens on fake services (no tfjs, no worker), data and retrieval logic on small inputs
  // (hnswlib in this thread, no worker pool). Measured on a busy machine: 21 of them (all but screens and
  // hostile/tui) took 37.5 CPU-s isolated, 17.6 shared; the four ink files 21.3 isolated, 15.0 shared
  'test/ui/*reducer.test.ts',
  'test/ui/history.test.ts',
  'test/ui/drill-screen.test.tsx',
  'test/ui/design-review.test.tsx',
  'test/ui/screens.test.tsx',
  'test/hostile/tui.test.tsx',
  'test/data/{alias-table,cache,choice-model,cohorts,intraday,outcomes,presets,sim-space}.test.ts',
  'test/retrieval/{exact,cached-ann,cached-hnsw,hnsw-batch,compressed,hnsw}.test.ts',
  // the design file, its figures and its comparison (pure), hostile knob values, and the native exact and quantization
  // kernels against their JS references (no threads): measured on a busy machine, 9.8 CPU-s isolated, 7.8 shared
  'test/design/{design-compare,design-figures,design-file}.test.ts',
  'test/hostile/params.test.ts',
  'test/retrieval/{exact-native,quantization-native}.test.ts',
  // the CLI's main() in this process (test/helpers/cli-in-process.ts puts back the streams, env and listeners it takes)
  'test/cli/html-format.test.ts',
  // the CLI's start-up paths, loaded from dist/ (no env, no listeners, no child process)
  'test/cli/start-up.test.ts',
  // plain JS on small seeded worlds, and scenario runs with neither tfjs, a two-tower, threads nor a child process
  // (read one by one; tiny worlds simulate on this thread): a file's own process cost ~0.9 CPU-s more than its tests
  'test/scenario/every-scenario/catalog.test.ts',
  'test/serving/{popularity-merge,load-generator,diversity-eval,recommender}.test.ts',
  'test/production/{retrain-policies,stream,drift-world,offline-online,rollout,window-counts,ab-pitfalls}.test.ts',
  'test/models/{hnsw-query-ef,item-cooccurrence,cold-item-rank,sequence}.test.ts',
  'test/experiments/{crossover-items,ann-vectors,timing-replicates,metric-set,two-tower-helpers,two-stage-why,production-ml-verdicts,ab-pitfalls-off}.test.ts',
  'test/design/exact-lists.test.ts',
  'test/bench/cli-run.test.ts',
  // read one by one: env put back in finally/afterEach, worker threads (world simulation, HNSW shards and parallel
  // builds) closed by the code or the file, redis servers stopped (their exit listener goes with them), spawned CLIs
  // waited for, tfjs on the wasm backend the project forces (none writes RECSYS_LAB_TF_BACKEND), no mocks, no chdir
  'test/data/{load-world,world-parallel,cli-data}.test.ts',
  'test/experiments/{freshness,models-cold-start,sequential-testing-pool}.test.ts',
  'test/models/{retrieve-hnsw-space,multi-task,nn-ranker}.test.ts',
  'test/production/redis-store.test.ts',
  'test/retrieval/{hnsw-native,mips-as-l2,sharded-index}.test.ts',
  'test/serving/build-components.test.ts',
  // the native memory kernel against its JS reference (in this thread); the two-tower engines against the JS
  // reference and training end to end, on the wasm backend the shared project forces for every file (below)
  'test/native/memory.test.ts',
  'test/models/{two-tower-grad,two-tower-native,two-tower-train}.test.ts',
  // read one by one, as above: the CLI's main() in this process (test/helpers/cli-in-process.ts puts back the streams,
  // the env it was handed and the listeners main() adds), spawned CLIs waited for (spawnSync, with a timeout), scratch
  // folders removed in afterAll; none writes process.env itself, picks a tfjs backend, adds a process listener or
  // chdirs. The two-tower cache trains on this thread (the engines two-tower-train runs here too); the workshop runs
  // measure under withMeasureLimits (an async context, not a global). The hostile files among them import
  // test/hostile/helpers.ts, whose module-level scratch scenario (QUICK_RUN) is then made and removed with the first
  // of them in a worker: none of them uses it (the files that do stay isolated)
  'test/cli/cli.test.ts',
  'test/design/{design-cli,two-tower-serving-cache}.test.ts',
  'test/hostile/{bin,cache-folders,history,scenario-paths}.test.ts',
  'test/workshops/workshops.test.ts',
  // the run worker from dist/ runs in a node it spawns and awaits (its env a copy with its own variables, its cwd a
  // temp folder removed in afterAll): nothing of it stays in this process
  'test/ui/run-worker-dist.test.ts',
];

// The topic files run every scenario, each file several in one process already (worlds, tfjs and the native engine
// kept from one scenario to the next): a worker takes topic after topic the same way, and loads the runner, the
// experiments and tfjs once rather than once per topic. Their own project, named to sort first: vitest starts the
// projects in name order, and these are the suite's longest files.
const EVERY_SCENARIO = ['test/scenario/every-scenario/*.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // two cores: keep workers to two so native addons and tfjs do not oversubscribe
    pool: 'forks',
    maxWorkers: 2,
    // the compiled CLI (test/helpers/cli-in-process.ts) is loaded by Node as the binary loads it, not transformed again
    server: { deps: { external: [/\/dist\//] } },
    projects: [
      // tfjs picks its backend once per process (src/models/tf-backend.ts): the shared workers all force wasm, so no file's
      // backend depends on which file ran first in its worker, and results do not depend on whether tfjs-node is installed
      { extends: true, test: { name: 'shared', isolate: false, include: SHARED, env: { RECSYS_LAB_TF_BACKEND: 'wasm' } } },
      { extends: true, test: { name: 'every-scenario', isolate: false, include: EVERY_SCENARIO, exclude: SHARED } },
      { extends: true, test: { name: 'isolated', include: ALL, exclude: [...SHARED, ...EVERY_SCENARIO] } },
    ],
  },
});
