/**
 * What the app needs from the outside world, as one injectable object: the real one calls the
 * scenario layer (the same runner as `recsys-lab run`, on the run worker's thread); tests pass fixtures.
 */
import type { RunEvent, RunResult, Scale, Scenario, ParamValue } from '../scenario/types.js';
import type { HistoryStore } from './history.js';
import type { DrillQuestion, MeasuredScenario } from '../scenario/drill/index.js';
import type { DrillRecord } from '../scenario/drill/history.js';
import type { RunWorkerClient } from './worker/client.js';

export interface TuiServices {
  /** every scenario that loads; files that do not are reported in `problems` instead of hiding the rest */
  listScenarios(): Promise<{ scenarios: Scenario[]; problems: string[] }>;
  /** rejects with RunCancelledError as soon as the signal aborts (the work itself stops in the background) */
  runScenario(
    scenario: Scenario,
    options: { params: Record<string, ParamValue>; scale: Scale; seed: number; seeds: number; signal: AbortSignal; onEvent: (e: RunEvent) => void },
  ): Promise<RunResult>;
  loadLesson(id: string): Promise<string>;
  history: HistoryStore;
  /** the interview drill's questions, one per lesson that has a question and an outline */
  loadDrillBank(): Promise<DrillQuestion[]>;
  /** append one drill to the drill history (the same file as `recsys-lab drill`) */
  appendDrill(record: DrillRecord): Promise<void>;
  /** run a lesson's scenarios for the drill's "measured on this machine" (the CLI drill's measureLesson) */
  measureLesson(
    lesson: string,
    named: string[],
    options: { scale: Scale; signal: AbortSignal; onEvent: (e: RunEvent) => void; onScenario: (id: string, index: number, total: number) => void },
  ): Promise<MeasuredScenario[]>;
  /** write the run as markdown and return the file's path */
  exportRun(result: RunResult, scenario: Scenario): Promise<string>;
  /** stop what the services started (the run worker) when the app quits */
  dispose?(): Promise<void>;
}

/**
 * The real services; scenario modules load on demand so the first frame does not wait for them. Runs and the
 * drill's measurements go to one worker thread (started at the first run, kept for the next ones), so the render
 * thread never shares a core's time slice with a timed loop.
 */
export async function realServices(options: { historyDir?: string; exportDir?: string } = {}): Promise<TuiServices> {
  const { createHistoryStore, writeExport } = await import('./history.js');
  let client: Promise<RunWorkerClient> | undefined;
  const worker = (): Promise<RunWorkerClient> => (client ??= import('./worker/client.js').then((m) => new m.RunWorkerClient()));
  return {
    listScenarios: async () => loadCatalog(),
    runScenario: async (scenario, opts) => (await worker()).runScenario(scenario, opts),
    loadLesson: async (id) => (await import('../scenario/lessons.js')).loadLesson(id),
    history: createHistoryStore(options.historyDir),
    loadDrillBank: async () => (await import('../scenario/drill/bank.js')).loadDrillBank(),
    appendDrill: async (record) => (await import('../scenario/drill/history.js')).appendDrill(record),
    measureLesson: async (lesson, named, opts) => (await worker()).measureLesson(lesson, named, opts),
    exportRun: async (result, scenario) => {
      const { formatRunMarkdown } = await import('../scenario/format/markdown.js');
      return writeExport(options.exportDir ?? process.cwd(), result, formatRunMarkdown(result, scenario));
    },
    dispose: async () => {
      if (client) await (await client).close();
    },
  };
}

/** The catalog and the shipped designs (as design-review scenarios); a broken design is a problem, not a failure. */
async function loadCatalog(): Promise<{ scenarios: Scenario[]; problems: string[] }> {
  const found = await loadScenarios();
  const design = await import('../scenario/design.js');
  const { join } = await import('node:path');
  for (const f of design.designFiles()) {
    try {
      found.scenarios.push(design.designScenario(design.loadDesignFile(join(design.designsDir, f))));
    } catch (e) {
      found.problems.push(e instanceof Error ? e.message.split('\n')[0] : String(e));
    }
  }
  return found;
}

/** The scenarios, or, when one YAML is broken, every other scenario plus the error for the broken one. */
async function loadScenarios(): Promise<{ scenarios: Scenario[]; problems: string[] }> {
  const catalog = await import('../scenario/catalog.js');
  try {
    return { scenarios: [...(await catalog.listScenarios())], problems: [] };
  } catch (err) {
    const { join } = await import('node:path');
    const files = catalog.scenarioFiles();
    const scenarios: Scenario[] = [];
    const problems: string[] = [];
    for (const f of files) {
      try {
        scenarios.push(catalog.loadScenarioFile(join(catalog.scenariosDir, f)));
      } catch (e) {
        problems.push(e instanceof Error ? e.message.split('\n')[0] : String(e));
      }
    }
    if (scenarios.length === 0) throw err;
    return { scenarios, problems };
  }
}
