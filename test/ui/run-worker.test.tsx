// The TUI's runs go through a worker thread. Real runs here (from the TypeScript sources, as `npm run dev` and the
// tests load them): events arrive in the order the runner emitted them; cancelling rejects at once, the run stops
// inside the worker and leaves nothing in the history; a worker that crashes fails the run instead of hanging it.
// The compiled (dist/) path has its own test in run-worker-dist.test.ts. The real runs share one worker (as the
// app's services do: one worker, kept for the next run), which is also what "the worker takes the next run" needs;
// starting a worker loads the scenario machinery from the sources again, the dearest part of these tests.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import '../helpers/run-scenario.js'; // the world cache in the test run's temp folder
import { RunCancelledError } from '../../src/core/errors.js';
import { spawnModuleWorker, workerExecArgv } from '../../src/data/module-worker.js';
import { findScenario } from '../../src/scenario/catalog.js';
import type { RunEvent, Scenario } from '../../src/scenario/types.js';
import { RunWorkerClient } from '../../src/ui/worker/client.js';
import { throttleProgress } from '../../src/ui/worker/progress-throttle.js';
import type { FromWorker } from '../../src/ui/worker/protocol.js';
import { realServices } from '../../src/ui/services.js';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { initialState } from '../../src/ui/state/reducer.js';
import { plainTheme } from '../../src/ui/theme.js';
import { KEYS, renderApp } from './helpers/render-app.js';

const clientUrl = new URL('../../src/ui/worker/client.ts', import.meta.url).href;
/** the real worker, with every message it posts recorded (to see how a job ended inside it) */
function recordingSpawn(seen: FromWorker[]): () => Worker {
  return () => {
    const w = spawnModuleWorker('run-worker', clientUrl);
    w.on('message', (m: FromWorker) => seen.push(m));
    return w;
  };
}

/** drift-psi over a short timeline: several stages with progress, a few seconds at tiny */
const SHORT = { days: 10, requestsPerDay: 10, largeN: 1000, newCategoryDay: 3, tasteChangeDay: 5, largeNDay: 11 };

const dirs: string[] = [];
/** every message the shared worker posted, and the one client on it (graceMs long: the cancel test wants the run to stop by itself) */
const seen: FromWorker[] = [];
let shared: RunWorkerClient | undefined;
const sharedClient = (): RunWorkerClient => (shared ??= new RunWorkerClient({ spawn: recordingSpawn(seen), graceMs: 30_000 }));
afterAll(async () => {
  await shared?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('progress throttling in the worker', () => {
  it('keeps at most one progress per stage per gap, never reorders, and sends what it held before the next event', () => {
    let t = 0;
    const out: RunEvent[] = [];
    const th = throttleProgress((e) => out.push(e), 50, () => t);
    const p = (stage: string, fraction: number): RunEvent => ({ type: 'progress', stage, fraction });
    th.push({ type: 'stage-start', stage: 'a' });
    th.push(p('a', 0.1)); // first for the stage: sent
    t = 10;
    th.push(p('a', 0.2)); // held
    th.push(p('a', 0.3)); // replaces 0.2
    t = 20;
    th.push(p('b', 0.5)); // another stage's first: the held a 0.3 goes out before it
    t = 30;
    th.push(p('b', 0.6)); // held
    th.push({ type: 'log', message: 'x' }); // b 0.6 goes first
    t = 100;
    th.push(p('a', 0.9)); // the gap has passed: sent
    t = 101;
    th.push(p('a', 1)); // a finished stage is always sent
    th.push(p('a', 0.95)); // held …
    th.flush(); // … until the job's end
    expect(out).toEqual([
      { type: 'stage-start', stage: 'a' }, p('a', 0.1), p('a', 0.3), p('b', 0.5), p('b', 0.6), { type: 'log', message: 'x' }, p('a', 0.9), p('a', 1), p('a', 0.95),
    ]);
  });
});

describe('starting the worker', () => {
  it('passes on the parent\'s node options except those about its own inline script (a worker refuses them)', () => {
    expect(workerExecArgv(['--input-type=module', '-e', 'import x', '--max-old-space-size=512', '--import', 'tsx', '-p', '1', '--eval=2', '--input-type', 'commonjs']))
      .toEqual(['--max-old-space-size=512', '--import', 'tsx']);
  });
});

describe('runs on the worker thread (from the sources)', () => {
  it('delivers the run\'s events in order: start, each stage\'s progress between its start and end, done last', { timeout: 180_000 }, async () => {
    const client = sharedClient();
    {
      const scenario = await findScenario('drift-psi');
      const events: RunEvent[] = [];
      const result = await client.runScenario(scenario, { params: SHORT, scale: 'tiny', seed: 42, signal: new AbortController().signal, onEvent: (e) => events.push(e) });
      expect(result.scenario).toBe('drift-psi');
      expect(result.params.days).toBe(10);
      expect(events[0].type).toBe('start');
      expect(events.at(-1)).toEqual({ type: 'done', result });
      expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
      const open = new Map<string, number>(); // stage → last fraction seen while it is open
      let stages = 0;
      for (const e of events.slice(1, -1)) {
        if (e.type === 'stage-start') {
          expect(open.has(e.stage), `${e.stage} started twice`).toBe(false);
          open.set(e.stage, 0);
          stages++;
        } else if (e.type === 'stage-end') {
          expect(open.has(e.stage), `${e.stage} ended before it started`).toBe(true);
          open.delete(e.stage);
        } else if (e.type === 'progress' && open.has(e.stage)) {
          expect(e.fraction, `${e.stage} went backwards`).toBeGreaterThanOrEqual(open.get(e.stage)!);
          open.set(e.stage, e.fraction);
        }
      }
      expect(stages).toBeGreaterThan(2);
      expect(events.some((e) => e.type === 'progress')).toBe(true);
      // the same run on this thread gives the same (seeded, timing-free) numbers
      const { runScenarioForTest } = await import('../helpers/run-scenario.js');
      const here = await runScenarioForTest('drift-psi', { params: SHORT });
      expect(result.metrics.false_alarms).toBe(here.metrics.false_alarms);
      expect(result.claims.map((c) => c.verdict)).toEqual(here.claims.map((c) => c.verdict));
    }
  });

  it('cancelling rejects at once; the run stops inside the worker, and the worker takes the next run', { timeout: 180_000 }, async () => {
    const client = sharedClient();
    {
      const scenario = await findScenario('drift-psi');
      const abort = new AbortController();
      let settledBeforeTheWorkerStopped: boolean | undefined;
      const from = seen.length; // this test's messages: the shared worker ran other jobs before
      let id: number | undefined;
      const run = client.runScenario(scenario, {
        params: {}, scale: 'tiny', seed: 42, signal: abort.signal,
        onEvent: (e) => {
          id ??= seen.slice(from).find((m) => m.type === 'event')?.id;
          if (e.type === 'progress' && !abort.signal.aborted) abort.abort();
        },
      });
      run.catch(() => { settledBeforeTheWorkerStopped = !seen.some((m) => m.id === id && m.type === 'cancelled'); });
      await expect(run).rejects.toBeInstanceOf(RunCancelledError);
      // "at once": the caller hears it before the worker has even answered the abort
      expect(settledBeforeTheWorkerStopped).toBe(true);
      await client.idle();
      expect(id).toBeDefined();
      const mine = seen.slice(from);
      expect(mine.every((m) => m.id === id), 'one job at a time on the worker').toBe(true);
      expect(mine.at(-1)?.type).toBe('cancelled'); // the runner saw the abort and stopped (the worker was not killed)
      expect(mine.some((m) => m.type === 'result')).toBe(false);
      // the same worker runs the next job
      const next = await client.runScenario(scenario, { params: SHORT, scale: 'tiny', seed: 42, signal: new AbortController().signal, onEvent: () => {} });
      expect(next.params.days).toBe(10);
      expect(seen.slice(from).filter((m) => m.type === 'result')).toHaveLength(1);
    }
  });

  it('a worker that does not stop within the grace period is terminated, and the next run gets a fresh one', { timeout: 60_000 }, async () => {
    // a worker that never answers: it ignores "abort" (like an experiment stuck in a loop that never yields)
    let spawned = 0;
    const stuck = () => {
      spawned++;
      return new Worker('require("node:worker_threads").parentPort.on("message", () => {});', { eval: true });
    };
    const client = new RunWorkerClient({ spawn: stuck, graceMs: 200 });
    const scenario = { id: 'x' } as Scenario;
    const abort = new AbortController();
    const run = client.runScenario(scenario, { params: {}, scale: 'tiny', seed: 1, signal: abort.signal, onEvent: () => {} });
    setTimeout(() => abort.abort(), 50);
    await expect(run).rejects.toBeInstanceOf(RunCancelledError);
    await client.idle(); // resolves only once the stuck worker is terminated (it never answers)
    const second = new AbortController();
    const again = client.runScenario(scenario, { params: {}, scale: 'tiny', seed: 1, signal: second.signal, onEvent: () => {} });
    setTimeout(() => second.abort(), 50);
    await expect(again).rejects.toBeInstanceOf(RunCancelledError);
    expect(spawned).toBe(2);
    await client.idle();
    await client.close();
  });
});

describe('a worker that crashes', () => {
  const scenario = { id: 'x' } as Scenario;
  const opts = () => ({ params: {}, scale: 'tiny' as const, seed: 1, signal: new AbortController().signal, onEvent: () => {} });

  it('fails the run with the error when the worker throws', { timeout: 30_000 }, async () => {
    const client = new RunWorkerClient({ spawn: () => new Worker('throw new Error("out of cheese")', { eval: true }) });
    await expect(client.runScenario(scenario, opts())).rejects.toThrow(/the run worker crashed: out of cheese/);
    await client.close();
  });

  it('fails the run when the worker exits under it', { timeout: 30_000 }, async () => {
    const client = new RunWorkerClient({ spawn: () => new Worker('process.exit(3)', { eval: true }) });
    await expect(client.runScenario(scenario, opts())).rejects.toThrow(/the run worker stopped \(exit code 3\)/);
    // and the drill's measurement the same way
    await expect(client.measureLesson('scaling', [], { ...opts(), onScenario: () => {} })).rejects.toThrow(/exit code 3/);
    await client.close();
  });

  it('in the app, a crashed worker is an error on the knobs screen, not a running screen that never ends', { timeout: 30_000 }, async () => {
    const client = new RunWorkerClient({ spawn: () => new Worker('setTimeout(() => { throw new Error("segfault in disguise") }, 100)', { eval: true }) });
    const app = renderApp();
    app.services.runScenario = (s, o) => client.runScenario(s, o);
    await app.waitFor('Deep dives');
    await app.press(KEYS.down, KEYS.enter);
    await app.waitFor('Knobs');
    await app.press(KEYS.enter);
    const f = await app.waitFor('run failed: the run worker crashed: segfault in disguise');
    expect(f).toContain('Knobs (');
    expect(app.appended).toEqual([]);
    app.unmount();
    await client.close();
  });

  it('an error inside the run (a bad knob) comes back as the runner\'s error, and the worker stays usable', { timeout: 180_000 }, async () => {
    const client = sharedClient();
    const from = seen.length;
    const real = await findScenario('drift-psi');
    await expect(client.runScenario(real, { ...opts(), params: { days: 1 } })).rejects.toThrow(/days/);
    const ok = await client.runScenario(real, { ...opts(), params: SHORT });
    expect(ok.scenario).toBe('drift-psi');
    // the same worker: its error was a message, not a crash that brought a fresh one
    expect(seen.slice(from).some((m) => m.type === 'failed')).toBe(true);
  });
});

describe('the app on the real services: Esc cancels the worker\'s run at once and leaves no history record', () => {
  it('back on the knobs as soon as Esc is read, and nothing in the history', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-worker-history-'));
    dirs.push(dir);
    const services = await realServices({ historyDir: dir });
    // the runs go to the file's shared worker rather than a second one the services would start (the services'
    // own wiring to their worker is driven end to end by the real-terminal test, test/ui/terminal.test.ts)
    const client = sharedClient();
    services.runScenario = (sc, o) => client.runScenario(sc, o);
    const r = render(<App initial={initialState({ scale: 'tiny', columns: 120, rows: 40 })} services={services} theme={plainTheme} />);
    Object.defineProperty(r.stdout, 'columns', { value: 120, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { value: 40, configurable: true });
    r.stdout.emit('resize');
    const frame = () => r.lastFrame() ?? '';
    const waitFor = async (re: RegExp, ms = 120_000) => {
      const t0 = Date.now();
      while (!re.test(frame())) {
        if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${re}; last frame:\n${frame()}`);
        await new Promise((res) => setTimeout(res, 20));
      }
      return frame();
    };
    const press = async (...keys: string[]) => {
      for (const k of keys) {
        r.stdin.write(k);
        await new Promise((res) => setTimeout(res, 30));
      }
    };
    try {
      await waitFor(/Deep dives/, 30_000);
      await press('/', ...'drift-psi', '\r');
      await waitFor(/Knobs \(/);
      await press('\r');
      await waitFor(/timelines|control \(no drift\)/); // the worker is running the experiment
      await press('\x1b');
      const f = await waitFor(/run cancelled/, 30_000);
      expect(f).toContain('Knobs (');
      // until the worker has answered the abort (the run has stopped in it): a history record would be written by now
      await client.idle();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      r.unmount();
      await services.dispose?.();
    }
  });
});
