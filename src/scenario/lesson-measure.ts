/**
 * `npm run lessons:measure`: run the scenarios a lesson's generated blocks cite (through the same runner as
 * `recsys-lab run`), rewrite the blocks and inline values, and record the names each run reported. Also the
 * fast check the lesson test runs: every block cites a scenario that exists, names its run reported, a stamp
 * that matches the scenario file and the world generator, and a body nobody edited by hand.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../core/errors.js';
import { WORLD_VERSION } from '../data/world.js';
import { listScenarios, packageRoot, scenariosDir } from './catalog.js';
import { DESIGN_KNOB_GROUPS, designScenario, listDesigns } from './design.js';
import { knobsDir } from './knob-groups.js';
import {
  applyReplacements, benchStamp, bodySum, citedNames, parseBlocks, runKey, scenarioStamp,
  type MeasuredBlock, type Replacement, type ScenarioSource,
} from './lesson-blocks.js';
import {
  renderBenchBlock, renderInlineFromBench, renderInlineFromRun, renderScenarioBlock,
  type BenchEntry, type RunLike, type RunMeta,
} from './lesson-blocks-render.js';
import { lessonPath, listLessonIds } from './lessons.js';
import type { RunEvent, RunResult, Scale, Scenario } from './types.js';

export const benchResultsPath = join(packageRoot, 'bench', 'results.json');
/** What each cited run (by run key: scenario, scale, seed, sweep, knobs) reported when last generated: the fast test checks cited names against it. */
export const measuredNamesPath = join(packageRoot, 'lessons', 'measured-names.json');

export interface RunNames {
  stamp: string;
  scale: Scale;
  metrics: string[];
  series: Record<string, string[]>;
  tables: string[];
  latency: string[];
}

export interface BenchFile {
  machine?: { cpus?: number; cpuModel?: string; node?: string };
  entries: Record<string, BenchEntry>;
}

export function readBenchResults(path = benchResultsPath): BenchFile {
  if (!existsSync(path)) return { entries: {} };
  return JSON.parse(readFileSync(path, 'utf8')) as BenchFile;
}

export function readMeasuredNames(path = measuredNamesPath): Record<string, RunNames> {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, RunNames>) : {};
}

/**
 * The scenario's YAML and the knob files it includes (`include: [group]` → scenarios/knobs/<group>.yaml); a design
 * review's design file and the design's knob groups.
 */
export function scenarioTexts(s: Scenario): string[] {
  const file = s.file ?? join(scenariosDir, `${s.id}.yaml`);
  const text = readFileSync(file, 'utf8');
  const include = (parseYaml(text) as { include?: unknown }).include;
  const groups = s.experiment === 'design-review' ? [...DESIGN_KNOB_GROUPS] : Array.isArray(include) ? include.map(String) : [];
  const dir = s.experiment === 'design-review' ? knobsDir : join(dirname(file), 'knobs');
  return [text, ...groups.map((g) => join(dir, `${g}.yaml`)).filter(existsSync).map((p) => readFileSync(p, 'utf8'))];
}

/** What a block may cite: every scenario, and every shipped design as its review (`scenario=design-<id>`). */
async function citable(): Promise<Scenario[]> {
  return [...(await listScenarios()), ...listDesigns().map(designScenario)];
}

export function currentStamp(s: Scenario): string {
  return scenarioStamp(WORLD_VERSION, scenarioTexts(s));
}

export function namesOf(result: RunLike, stamp: string): RunNames {
  return {
    stamp,
    scale: result.scale,
    metrics: Object.keys(result.metrics).sort(),
    series: Object.fromEntries(result.series.map((s) => [s.name, [...new Set(s.points.flatMap((p) => Object.keys(p)))]])),
    tables: (result.tables ?? []).map((t) => t.title),
    latency: Object.keys(result.latency),
  };
}

/** Names a scenario declares in its YAML: headline, prediction metrics and the identifiers of its claims. */
export function declaredNames(s: Scenario): Set<string> {
  const ids = s.claims.flatMap((c) => c.expr.match(/[A-Za-z_]\w*/g) ?? []);
  return new Set([...s.headline, ...s.predictions.map((p) => p.metric), ...ids]);
}

export interface LessonFile {
  id: string;
  path: string;
  text: string;
}

export function lessonFiles(ids = listLessonIds()): LessonFile[] {
  return ids.map((id) => ({ id, path: lessonPath(id), text: readFileSync(lessonPath(id), 'utf8') }));
}

/**
 * Everything wrong with the lessons' generated blocks, without running anything: unknown scenarios or bench
 * entries, stale stamps, hand-edited bodies, names the scenario neither declares nor reported at its last run.
 */
export async function checkLessonBlocks(files = lessonFiles(), names = readMeasuredNames(), bench = readBenchResults()): Promise<string[]> {
  const scenarios = await citable();
  const problems: string[] = [];
  for (const f of files) {
    let parsed;
    try {
      parsed = parseBlocks(f.text, `lessons/${f.id}.md`);
    } catch (err) {
      problems.push((err as Error).message);
      continue;
    }
    const byId = new Map(parsed.blocks.filter((b) => b.id).map((b) => [b.id!, b]));
    const cites = [...parsed.blocks.map((b) => ({ b, v: b.view as object })), ...parsed.inlines.map((v) => ({ b: byId.get(v.ref)!, v: v as object }))];
    for (const b of parsed.blocks) {
      const where = `lessons/${f.id}.md:${b.line}`;
      const regen = `run: npm run lessons:measure -- --lesson ${f.id}`;
      if (!b.stamp) {
        problems.push(`${where}: block was never generated (${regen})`);
        continue;
      }
      if (b.sum !== bodySum(b.body)) problems.push(`${where}: the block's text was edited by hand; generated text is rewritten by the generator (${regen})`);
      if (b.source.kind === 'bench') {
        const entry = bench.entries[b.source.entry];
        if (!entry) problems.push(`${where}: bench entry "${b.source.entry}" is not in bench/results.json; entries: ${Object.keys(bench.entries).join(', ')}`);
        else if (b.stamp !== benchStamp(entry.at)) problems.push(`${where}: stamp ${b.stamp} ≠ ${benchStamp(entry.at)}: the bench was re-run since (${regen})`);
        continue;
      }
      const s = scenarios.find((x) => x.id === (b.source as ScenarioSource).scenario);
      if (!s) {
        problems.push(`${where}: scenario "${(b.source as ScenarioSource).scenario}" does not exist`);
        continue;
      }
      const stamp = currentStamp(s);
      if (b.stamp !== stamp) problems.push(`${where}: stamp ${b.stamp} ≠ ${stamp} (world version ${WORLD_VERSION}, scenario file hash): the numbers may have moved (${regen})`);
    }
    for (const { b, v } of cites) {
      if (b.source.kind === 'bench') {
        const entry = bench.entries[b.source.entry];
        const row = (v as { row?: string }).row;
        const wanted = [...((v as { rows?: string[] }).rows ?? []), ...(row ? [row] : [])];
        for (const r of wanted) if (entry && !entry.rows.some((x) => x.name === r)) problems.push(`lessons/${f.id}.md:${b.line}: bench entry "${b.source.entry}" has no row "${r}"`);
        continue;
      }
      const s = scenarios.find((x) => x.id === (b.source as ScenarioSource).scenario);
      if (!s) continue;
      problems.push(...unknownNames(s, v, names[runKey(b.source as ScenarioSource)], `lessons/${f.id}.md:${(v as { line?: number }).line ?? b.line}`));
    }
  }
  return problems;
}

function unknownNames(s: Scenario, view: object, recorded: RunNames | undefined, where: string): string[] {
  const declared = declaredNames(s);
  const cited = citedNames(view as Parameters<typeof citedNames>[0]);
  const out: string[] = [];
  const known = (m: string) => declared.has(m) || (recorded?.metrics.includes(m) ?? false);
  for (const m of cited.metrics) if (!known(m)) out.push(`${where}: ${s.id} neither declares nor reported metric "${m}"`);
  for (const t of cited.tables) if (!recorded?.tables.includes(t)) out.push(`${where}: ${s.id} did not report a table "${t}" at its last run`);
  for (const l of cited.latency) if (!recorded?.latency.includes(l)) out.push(`${where}: ${s.id} did not report a latency stage "${l}" at its last run`);
  const v = view as { series?: string; columns?: string[]; metric?: string };
  if (v.series !== undefined) {
    const cols = recorded?.series[v.series];
    if (!cols) out.push(`${where}: ${s.id} did not report a series "${v.series}" at its last run`);
    else for (const c of [...(v.columns ?? []), ...(v.metric ? [v.metric] : [])]) if (!cols.includes(c)) out.push(`${where}: series "${v.series}" of ${s.id} has no column "${c}"`);
  }
  return out;
}

/**
 * The names the lessons read from a scenario's default run (blocks without `set=`, with the sweep), for the
 * tiny run in test/scenario/all-scenarios.test.ts to check against what the experiment really reports.
 */
export function namesCitedFrom(scenario: string, files = lessonFiles()): { where: string; metrics: string[]; series: Record<string, string[]>; tables: string[]; latency: string[] }[] {
  const out: ReturnType<typeof namesCitedFrom> = [];
  for (const f of files) {
    const { blocks, inlines } = parseBlocks(f.text, `lessons/${f.id}.md`);
    const plain = (b: MeasuredBlock | undefined) =>
      b?.source.kind === 'scenario' && b.source.scenario === scenario && b.source.sweep && Object.keys(b.source.set).length === 0;
    const byId = new Map(blocks.filter((b) => b.id).map((b) => [b.id!, b]));
    const views = [...blocks.filter(plain).map((b) => ({ v: b.view as object, line: b.line })), ...inlines.filter((v) => plain(byId.get(v.ref))).map((v) => ({ v: v as object, line: v.line }))];
    for (const { v, line } of views) {
      const c = citedNames(v as Parameters<typeof citedNames>[0]);
      const sv = v as { series?: string; columns?: string[]; metric?: string };
      const series = sv.series ? { [sv.series]: [...(sv.columns ?? []), ...(sv.metric ? [sv.metric] : [])] } : {};
      out.push({ where: `lessons/${f.id}.md:${line}`, metrics: c.metrics, series, tables: c.tables, latency: c.latency });
    }
  }
  return out;
}

export interface MeasureOptions {
  lessons?: string[];
  /** only blocks stated at this scale */
  scale?: Scale;
  /** only blocks of this scenario */
  scenario?: string;
  /** only blocks that are not current: never generated, stale stamp, edited body, or an empty inline value */
  staleOnly?: boolean;
  /** list what would run, change nothing */
  dryRun?: boolean;
  meta: Omit<RunMeta, 'load'>;
  /** 1-minute load average (read when each run starts) */
  loadAverage: () => number;
  run: (scenario: Scenario, source: ScenarioSource, onEvent: (e: RunEvent) => void) => Promise<RunResult>;
  log: (line: string) => void;
  onEvent?: (e: RunEvent) => void;
  /** where lessons, bench results and recorded names come from and go to (default: the package's files) */
  io?: {
    files: LessonFile[];
    bench: BenchFile;
    names: Record<string, RunNames>;
    writeLesson: (f: LessonFile, text: string) => void;
    writeNames: (names: Record<string, RunNames>) => void;
  };
}

export interface MeasureSummary {
  runs: number;
  blocks: number;
  inlines: number;
  changedFiles: string[];
  errors: string[];
}

/** Regenerate the selected lessons' blocks; idempotent apart from the caption's date, commit and load. */
export async function measureLessons(o: MeasureOptions): Promise<MeasureSummary> {
  const io = o.io ?? {
    files: lessonFiles(),
    bench: readBenchResults(),
    names: readMeasuredNames(),
    writeLesson: (f: LessonFile, text: string) => writeFileSync(f.path, text),
    writeNames: (n: Record<string, RunNames>) => writeFileSync(measuredNamesPath, JSON.stringify(sortKeys(n), null, 2) + '\n'),
  };
  const known = io.files.map((f) => f.id);
  for (const id of o.lessons ?? []) if (!known.includes(id)) throw new UsageError(`unknown lesson "${id}"; lessons: ${known.join(', ')}`);
  const scenarios = await citable();
  const bench = io.bench;
  const machine = bench.machine?.cpuModel ? `${bench.machine.cpuModel}, ${bench.machine.cpus} cores` : 'bench machine';
  const names = { ...io.names };
  const runs = new Map<string, { result: RunLike; load: number } | Error>();
  const summary: MeasureSummary = { runs: 0, blocks: 0, inlines: 0, changedFiles: [], errors: [] };
  const wanted = (b: MeasuredBlock) =>
    b.source.kind === 'bench' ? !o.scale && !o.scenario : (!o.scale || b.source.scale === o.scale) && (!o.scenario || b.source.scenario === o.scenario);

  for (const f of io.files.filter((x) => !o.lessons?.length || o.lessons.includes(x.id))) {
    const parsed = parseBlocks(f.text, `lessons/${f.id}.md`);
    const emptyRefs = new Set(parsed.inlines.filter((v) => v.text.trim() === '').map((v) => v.ref));
    const current = (b: MeasuredBlock) => {
      if (!b.stamp || b.sum !== bodySum(b.body) || (b.id && emptyRefs.has(b.id))) return false;
      if (b.source.kind === 'bench') return b.stamp === benchStamp(bench.entries[b.source.entry]?.at ?? '');
      const src = b.source;
      const s = scenarios.find((x) => x.id === src.scenario);
      return s !== undefined && b.stamp === currentStamp(s);
    };
    const replacements: Replacement[] = [];
    const done = new Map<string, { result?: RunLike; entry?: BenchEntry; bench?: string }>();
    for (const b of parsed.blocks.filter((x) => wanted(x) && !(o.staleOnly && current(x)))) {
      const where = `lessons/${f.id}.md:${b.line}`;
      try {
        if (b.source.kind === 'bench') {
          const entry = bench.entries[b.source.entry] ?? missingEntry(b.source.entry, bench);
          if (o.dryRun) { o.log(`${where}: bench ${b.source.entry} (no run)`); continue; }
          replacements.push({ block: b, text: renderBenchBlock(b, b.source.entry, entry, machine), stamp: benchStamp(entry.at) });
          if (b.id) done.set(b.id, { entry, bench: b.source.entry });
          continue;
        }
        const src = b.source;
        const s = scenarios.find((x) => x.id === src.scenario) ?? missingScenario(src.scenario, scenarios);
        const key = runKey(src);
        if (o.dryRun) { o.log(`${where}: ${key}${runs.has(key) ? ' (shared)' : ''}`); runs.set(key, new Error('dry run')); continue; }
        if (!runs.has(key)) {
          const load = o.loadAverage();
          o.log(`run ${key} (load ${load.toFixed(1)}) for ${where}`);
          try {
            runs.set(key, { result: (await o.run(s, src, o.onEvent ?? (() => {}))) as unknown as RunLike, load });
            summary.runs++;
          } catch (err) {
            runs.set(key, err as Error);
          }
        }
        const got = runs.get(key)!;
        if (got instanceof Error) throw got;
        const stamp = currentStamp(s);
        names[key] = namesOf(got.result, stamp);
        replacements.push({ block: b, text: renderScenarioBlock(b, got.result, s, { ...o.meta, load: got.load }), stamp });
        if (b.id) done.set(b.id, { result: got.result });
      } catch (err) {
        summary.errors.push(`${where}: ${(err as Error).message}`);
      }
    }
    for (const v of parsed.inlines) {
      const got = done.get(v.ref);
      if (!got) continue;
      try {
        replacements.push({ inline: v, text: got.result ? renderInlineFromRun(v, got.result) : renderInlineFromBench(v, got.bench!, got.entry!) });
      } catch (err) {
        summary.errors.push(`lessons/${f.id}.md:${v.line}: ${(err as Error).message}`);
      }
    }
    summary.blocks += replacements.filter((r) => r.block).length;
    summary.inlines += replacements.filter((r) => r.inline).length;
    const next = applyReplacements(f.text, replacements);
    if (next !== f.text && !o.dryRun) {
      io.writeLesson(f, next);
      summary.changedFiles.push(`lessons/${f.id}.md`);
    }
  }
  if (!o.dryRun && summary.runs > 0) {
    // keep only the runs some lesson still cites
    const cited = new Set(io.files.flatMap((f) => parseBlocks(f.text, f.id).blocks.flatMap((b) => (b.source.kind === 'scenario' ? [runKey(b.source)] : []))));
    io.writeNames(Object.fromEntries(Object.entries(names).filter(([k]) => cited.has(k))));
  }
  return summary;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

function missingEntry(id: string, bench: BenchFile): never {
  throw new UsageError(`bench entry "${id}" is not in bench/results.json; entries: ${Object.keys(bench.entries).join(', ')}`);
}

function missingScenario(id: string, all: Scenario[]): never {
  throw new UsageError(`unknown scenario "${id}"; known scenarios: ${all.map((s) => s.id).join(', ')}`);
}
