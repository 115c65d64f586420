/** Render the whole App with fake services and a terminal of a chosen size; helpers to type and wait. */
import { render } from 'ink-testing-library';
import { App } from '../../../src/ui/App.js';
import { initialState } from '../../../src/ui/state/reducer.js';
import { plainTheme, type Theme } from '../../../src/ui/theme.js';
import type { TuiServices } from '../../../src/ui/services.js';
import type { HistoryStore } from '../../../src/ui/history.js';
import type { RunEvent, RunResult, Scenario } from '../../../src/scenario/types.js';
import { RunCancelledError } from '../../../src/core/errors.js';
import { annResult, scenarios } from '../fixtures.js';
import type { DrillQuestion, MeasuredScenario } from '../../../src/scenario/drill/index.js';
import type { DrillRecord } from '../../../src/scenario/drill/history.js';

export const KEYS = { enter: '\r', esc: '\x1b', up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', backspace: '\x7f' };

export interface FakeOptions {
  history?: Record<string, RunResult[]>;
  /** records the fake history store reports as left out */
  historySkipped?: number;
  /** the run: emits these events, then resolves with the result (or waits for cancellation if `hold`) */
  events?: RunEvent[];
  result?: (params: Record<string, unknown>) => RunResult;
  hold?: boolean;
  lesson?: string;
  scenarios?: Scenario[];
  /** the drill bank the drill screen reads */
  drillBank?: DrillQuestion[];
  /** what the drill's measurement returns (after reporting one scenario and a stage at 50%), or waits for cancellation if `measureHold` */
  measured?: MeasuredScenario[];
  measureHold?: boolean;
}

export function fakeServices(opts: FakeOptions = {}) {
  const appended: RunResult[] = [];
  const exported: RunResult[] = [];
  const drills: DrillRecord[] = [];
  const runs: { params: Record<string, unknown>; seeds: number; signal: AbortSignal }[] = [];
  const measures: { lesson: string; named: string[]; scale: string; signal: AbortSignal }[] = [];
  const history: HistoryStore = { dir: '/fake', load: async () => ({ runs: structuredClone(opts.history ?? {}), skipped: opts.historySkipped ?? 0 }), append: async (r) => { appended.push(r); } };
  const services: TuiServices = {
    listScenarios: async () => ({ scenarios: opts.scenarios ?? scenarios, problems: [] }),
    async runScenario(_scenario, { params, seeds, signal, onEvent }) {
      runs.push({ params, seeds, signal });
      for (const e of opts.events ?? []) onEvent(e);
      if (opts.hold) {
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new RunCancelledError())));
      }
      const result = (opts.result ?? ((p) => annResult({ params: p as RunResult['params'] })))(params);
      onEvent({ type: 'done', result });
      return result;
    },
    loadLesson: async (id) => opts.lesson ?? `# Lesson ${id}\n\n${Array.from({ length: 60 }, (_, i) => `- point ${i + 1}`).join('\n')}`,
    history,
    loadDrillBank: async () => opts.drillBank ?? [],
    appendDrill: async (record) => { drills.push(record); },
    async measureLesson(lesson, named, { scale, signal, onEvent, onScenario }) {
      measures.push({ lesson, named, scale, signal });
      onScenario(named[0] ?? lesson, 0, 1);
      onEvent({ type: 'progress', stage: 'build', fraction: 0.5 });
      if (opts.measureHold) await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new RunCancelledError())));
      return opts.measured ?? [];
    },
    exportRun: async (result) => { exported.push(result); return '/tmp/export.md'; },
  };
  return { services, appended, exported, runs, drills, measures };
}

export function renderApp(opts: FakeOptions & { columns?: number; rows?: number; theme?: Theme } = {}) {
  const fake = fakeServices(opts);
  const exits: number[] = [];
  const r = render(<App initial={initialState({ scale: 'tiny' })} services={fake.services} theme={opts.theme ?? plainTheme} onExit={(c) => exits.push(c)} />);
  const resize = (columns: number, rows: number) => {
    Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
    r.stdout.emit('resize');
  };
  resize(opts.columns ?? 100, opts.rows ?? 40);
  const frame = () => r.lastFrame() ?? '';
  /** poll until the frame contains the text (ink renders asynchronously after input) */
  const waitFor = async (text: string | RegExp, timeoutMs = 10_000) => {
    const t0 = Date.now();
    for (;;) {
      const f = frame();
      if (typeof text === 'string' ? f.includes(text) : text.test(f)) return f;
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${String(text)}; last frame:\n${f}`);
      await new Promise((res) => setTimeout(res, 10));
    }
  };
  /** poll until a condition holds (effects run after ink's render) */
  const until = async (cond: () => boolean, what: string, timeoutMs = 10_000) => {
    const t0 = Date.now();
    while (!cond()) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((res) => setTimeout(res, 10));
    }
  };
  /** type keys one write at a time, letting ink process each */
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await new Promise((res) => setTimeout(res, 20));
    }
  };
  return { ...r, ...fake, exits, frame, waitFor, until, press, resize };
}
