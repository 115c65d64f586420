// Every scenario of one topic at tiny scale through the shared runner, at the suite's knobs (test/scenario/suite-knobs.yaml:
// smaller than tiny's defaults where that keeps the checks meaningful): the document validates, every claim evaluates
// (holding or not, it must compute), the headline and prediction metrics exist, and the metrics equal the committed
// snapshot (test/helpers/golden.ts). One test file per topic (test/scenario/every-scenario/) so the runner spreads
// the topics over its workers; a topic too long for one file is split in parts (TOPIC_PARTS: `<topic>.test.ts` holds
// part 1, `<topic>-<p>.test.ts` part p), the scenarios dealt out in catalog order. A topic file may add checks of its own on a scenario's default run (`extra`), so no
// other test file runs the same default run again; likewise a check of its own on the contrast run (`onContrast`), so
// no other file runs the contrast setting again either.
// GOLDEN_ENGINES=js also runs each scenario that declares `engine` with engine=js and holds it against its js entry:
// the portable check of the two-tower scenarios, left out of `npm test` for time (the js engine is ~5× slower).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { listScenarios } from '../../src/scenario/catalog.js';
import { defaultFor, resolveParams } from '../../src/scenario/params.js';
import { runResultSchema } from '../../src/scenario/result-schema.js';
import type { ParamValue, RunResult, Scenario, Topic } from '../../src/scenario/types.js';
import { namesCitedFrom, namesOf } from '../../src/scenario/lesson-measure.js';
import { engineKey, goldenDiff, goldenOf, isPortableKey, readGolden, updating, writeGolden } from './golden.js';
import { findingsMove } from './findings-move.js';
import { runScenarioForTest } from './run-scenario.js';

/** scenario id → the knobs the suite runs it at (the scenarios not listed run at tiny's defaults) */
export type SuiteKnobs = Record<string, Record<string, ParamValue>>;

export const suiteKnobsFile = join(import.meta.dirname, '..', 'scenario', 'suite-knobs.yaml');

/** The suite's knobs as the file holds them; a file that is not a table of scenario → { knob: number, text or boolean } throws. */
export function readSuiteKnobs(text = readFileSync(suiteKnobsFile, 'utf8')): SuiteKnobs {
  const doc: unknown = parseYaml(text) ?? {};
  const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isTable(doc)) throw new Error(`${suiteKnobsFile}: expected a table of scenario id → knobs`);
  for (const [id, knobs] of Object.entries(doc)) {
    if (!isTable(knobs)) throw new Error(`${suiteKnobsFile}: ${id}: expected a table of knob → value`);
    for (const [name, v] of Object.entries(knobs)) {
      if (!['number', 'string', 'boolean'].includes(typeof v)) throw new Error(`${suiteKnobsFile}: ${id}.${name}: expected a number, text or a boolean, got ${JSON.stringify(v)}`);
    }
  }
  return doc as SuiteKnobs;
}

/**
 * What is wrong with the suite's knobs, one line each naming the scenario and the knob: an id no scenario has, a knob
 * the scenario does not declare or a value its param refuses (the product's own validation, resolveParams), a knob the
 * scenario's contrast or sweep sets (the suite may shrink a run, never change what is compared), and a value equal to
 * tiny's default (an entry that cuts nothing).
 */
export function suiteKnobsProblems(knobs: SuiteKnobs, scenarios: Scenario[]): string[] {
  const problems: string[] = [];
  for (const [id, entry] of Object.entries(knobs)) {
    const s = scenarios.find((x) => x.id === id);
    if (!s) {
      problems.push(`${id}: no scenario has this id`);
      continue;
    }
    for (const [name, value] of Object.entries(entry)) {
      try {
        resolveParams(s, { [name]: value }, 'tiny');
      } catch (e) {
        problems.push(`${id}: ${(e as Error).message}`);
        continue;
      }
      if (s.contrast && name in s.contrast) problems.push(`${id}: ${name} is a knob of its contrast setting, which the suite must leave to the contrast`);
      if (s.sweep?.param === name) problems.push(`${id}: ${name} is the knob its sweep varies`);
      const spec = s.params.find((p) => p.name === name)!;
      if (String(defaultFor(spec, 'tiny')) === String(value)) problems.push(`${id}: ${name} = ${JSON.stringify(value)} is tiny's default (the entry cuts nothing)`);
    }
  }
  return problems;
}

const suiteKnobs = readSuiteKnobs();

/** The knobs the suite runs a scenario at: its entry in test/scenario/suite-knobs.yaml, else none (tiny's defaults). */
export function suiteKnobsOf(id: string): Record<string, ParamValue> {
  return Object.hasOwn(suiteKnobs, id) ? suiteKnobs[id] : {};
}

const extraEngines = (process.env.GOLDEN_ENGINES ?? '').split(',').map((e) => e.trim()).filter(Boolean);

function checkRun(s: Awaited<ReturnType<typeof listScenarios>>[number], result: RunResult): void {
  const parsed = runResultSchema.safeParse(result);
  expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  expect(result.claims).toHaveLength(s.claims.length);
  expect(result.claims.filter((c) => c.error).map((c) => `${c.text}: ${c.error}`)).toEqual([]);
  for (const m of s.headline) expect(Object.keys(result.metrics)).toContain(m);
  for (const p of s.predictions) expect(Object.keys(result.metrics)).toContain(p.metric);
  for (const v of Object.values(result.metrics)) expect(Number.isNaN(v)).toBe(false);
  // what the lessons' generated blocks read from this scenario is still reported (lessons/README.md)
  const reported = namesOf(result, '');
  const gone = namesCitedFrom(s.id).flatMap((c) => [
    ...c.metrics.filter((m) => !(m in result.metrics)).map((m) => `${c.where}: metric ${m}`),
    ...c.tables.filter((t) => !reported.tables.includes(t)).map((t) => `${c.where}: table ${t}`),
    ...c.latency.filter((l) => !reported.latency.includes(l)).map((l) => `${c.where}: latency ${l}`),
    ...Object.entries(c.series).flatMap(([name, cols]) =>
      reported.series[name] ? cols.filter((col) => !reported.series[name].includes(col)).map((col) => `${c.where}: series ${name} column ${col}`) : [`${c.where}: series ${name}`],
    ),
  ]);
  expect(gone).toEqual([]);
}

/** Holds the run against its snapshot entry; with UPDATE_GOLDEN=1 writes it instead. Returns a note when not compared. */
function checkGolden(id: string, result: RunResult): string | null {
  const key = engineKey(result);
  const got = goldenOf(result);
  if (updating) {
    writeGolden(id, key, got);
    return null;
  }
  const expected = readGolden(id)[key];
  if (!expected) {
    if (isPortableKey(key)) throw new Error(`${id}: no snapshot for "${key}" in test/scenario/golden/${id}.json; UPDATE_GOLDEN=1 npx vitest run test/scenario/every-scenario writes it`);
    return `${id}: no snapshot made with "${key}" (engine-specific), not compared on this machine`;
  }
  expect(goldenDiff(expected, got), `${id} (${key}) differs from test/scenario/golden/${id}.json; if on purpose, UPDATE_GOLDEN=1 rewrites it`).toEqual([]);
  return null;
}

/** Checks of a scenario's own, run on its default tiny run after the common ones. */
export type ExtraChecks = Record<string, (result: RunResult) => void>;
/** Checks of a scenario's own on its contrast run (brief timings: see test/helpers/findings-move.ts), with its default run. */
export type ContrastChecks = Record<string, (contrast: RunResult, atDefaults: RunResult) => void | Promise<void>>;

/** Topics whose scenarios are dealt over this many files, so that no one file is the suite's long pole. */
export const TOPIC_PARTS: Partial<Record<Topic, number>> = { 'trade-offs': 2 };

/** The test file of one part of a topic (part 1 is the topic's own file). */
export function topicFile(topic: Topic, part: number): string {
  return part === 1 ? `${topic}.test.ts` : `${topic}-${part}.test.ts`;
}

export async function describeTopic(topic: Topic, extra: ExtraChecks = {}, onContrast: ContrastChecks = {}, part = 1): Promise<void> {
  const parts = TOPIC_PARTS[topic] ?? 1;
  if (!Number.isInteger(part) || part < 1 || part > parts) throw new Error(`${topic} has ${parts} part(s), not a part ${part}`);
  const scenarios = (await listScenarios()).filter((s) => s.topic === topic).filter((_, i) => i % parts === part - 1);
  describe(`${topic} scenarios at tiny scale${parts > 1 ? ` (part ${part} of ${parts})` : ''}`, () => {
    it('has scenarios, and extra checks only for its own', () => {
      expect(scenarios.length).toBeGreaterThan(0);
      expect([...Object.keys(extra), ...Object.keys(onContrast)].filter((id) => !scenarios.some((s) => s.id === id))).toEqual([]);
      // a contrast run is made only for a scenario with findings and a contrast setting
      const contrasted = (id: string) => scenarios.some((s) => s.id === id && s.contrast && s.claims.some((c) => (c.kind ?? 'finding') === 'finding'));
      expect(Object.keys(onContrast).filter((id) => !contrasted(id))).toEqual([]);
    });
    for (const s of scenarios) {
      let atDefaults: RunResult | undefined;
      it(`${s.id} runs${Object.keys(suiteKnobsOf(s.id)).length ? ` at the suite's knobs ${JSON.stringify(suiteKnobsOf(s.id))}` : ''}, its claims evaluate and its metrics equal the snapshot`, { timeout: 120_000 }, async (t) => {
        const result = await runScenarioForTest(s.id, { params: suiteKnobsOf(s.id) });
        atDefaults = result;
        checkRun(s, result);
        extra[s.id]?.(result);
        const note = checkGolden(s.id, result);
        if (note) await t.annotate(note);
      });
      // a claim is a promise that can fail: every finding reads a metric that moves under the YAML's contrast setting
      if (s.claims.some((c) => (c.kind ?? 'finding') === 'finding')) {
        it(`${s.id}: every finding reads a metric that moves under its contrast knobs`, { timeout: 120_000 }, async () => {
          if (!atDefaults) throw new Error(`${s.id}: the default run failed, so its findings could not be compared`);
          const { stuck, contrast } = await findingsMove(s, atDefaults, suiteKnobsOf(s.id));
          expect(stuck).toEqual([]);
          if (onContrast[s.id]) await onContrast[s.id](contrast!, atDefaults);
        });
      }
      if (!s.params.some((p) => p.name === 'engine')) continue;
      for (const engine of extraEngines) {
        it(`${s.id} with engine=${engine} equals its snapshot`, { timeout: 300_000 }, async (t) => {
          const result = await runScenarioForTest(s.id, { params: { ...suiteKnobsOf(s.id), engine } });
          checkRun(s, result);
          const note = checkGolden(s.id, result);
          if (note) await t.annotate(note);
        });
      }
    }
  });
}
