// What a CLI command loads at start, checked against what it used to load (src/cli/main.ts, src/scenario/catalog.ts,
// src/scenario/claims.ts, src/scenario/runner.ts). One file, so the catalogue is parsed and the compiled CLI loaded
// once for all of it.
//
// - `run <id>` and `show <id>` read only that scenario's file: the scenario they get is the one the whole catalogue
//   holds, another file is not parsed, and a name that is not one file falls back to the catalogue (the unknown id's
//   list of known ones, the duplicate's message).
// - Claims are parsed and evaluated by a mathjs instance holding only the parser and what a claim may call
//   (claimMath), not the whole 'mathjs/number' build. The reference is that whole build: the same tree and the same
//   value (or the same error) for every shipped claim and for expressions that use every allowed operator, function
//   and constant. A mistyped knob is refused before the claims are checked.
// - `recsys-lab <command> …` registers only that command's module; the help and a mistyped command get all. This
//   calls the compiled main.js (dist/, kept current by test/global-setup.ts), loaded by Node as the binary loads it:
//   through vitest every command module would be transformed again (about 6 CPU-s for this one check).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import * as full from 'mathjs/number';
import { afterAll, describe, expect, it } from 'vitest';
import { findScenario, listScenarios, loadScenarioById, loadScenariosIn, scenarioFiles, scenariosDir } from '../../src/scenario/catalog.js';
import { CLAIM_FUNCTIONS, claimMath } from '../../src/scenario/claims.js';
import { runScenario } from '../../src/scenario/runner.js';
import { repoRoot } from '../helpers/cli-path.js';

type ProgramFor = typeof import('../../src/cli/main.js').programFor;
const { programFor } = (await import(/* @vite-ignore */ pathToFileURL(join(repoRoot, 'dist', 'cli', 'main.js')).href)) as { programFor: ProgramFor };

const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-catalog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('finding one scenario by id', () => {
  it('reads the same scenario, knob includes and all, as the whole catalogue holds, for every shipped id', async () => {
    const all = await listScenarios();
    expect(all.length).toBe(scenarioFiles().length);
    for (const s of all) expect(loadScenarioById(scenariosDir, s.id)).toEqual(s);
  });

  it('does not parse the other files: a broken neighbour stops the catalogue, not the run of a sound one', () => {
    copyFileSync(join(scenariosDir, 'cuped.yaml'), join(dir, 'cuped.yaml'));
    writeFileSync(join(dir, 'broken.yaml'), 'id: broken\ntitle: [unclosed\n');
    expect(loadScenarioById(dir, 'cuped')?.id).toBe('cuped');
    expect(() => loadScenariosIn(dir)).toThrow(/broken\.yaml/);
  });

  it('refuses a file whose id is not its name, as the catalogue does', () => {
    writeFileSync(join(dir, 'renamed.yaml'), readFileSync(join(scenariosDir, 'cuped.yaml'), 'utf8'));
    expect(() => loadScenarioById(dir, 'renamed')).toThrow(/id "cuped" must match the file name "renamed"/);
  });

  it('leaves to the catalogue a name that is not exactly one scenario file', () => {
    writeFileSync(join(dir, 'twice.yaml'), 'id: twice\n');
    writeFileSync(join(dir, 'twice.yml'), 'id: twice\n');
    expect(loadScenarioById(dir, 'twice')).toBeNull(); // the catalogue reports the duplicate
    expect(loadScenarioById(scenariosDir, 'metrics')).toBeNull(); // the chart labels, not a scenario
    expect(loadScenarioById(scenariosDir, 'no-such-scenario')).toBeNull();
    expect(loadScenarioById(scenariosDir, 'Cuped')).toBeNull(); // not an id a scenario may have
    expect(loadScenarioById(scenariosDir, 'knobs')).toBeNull(); // a folder of shared knobs
  });

  it('names every known scenario, in catalogue order, for an unknown id', async () => {
    const ids = (await listScenarios()).map((s) => s.id).join(', ');
    await expect(findScenario('metrics')).rejects.toThrow(`unknown scenario "metrics"; known scenarios: ${ids}`);
    await expect(findScenario('no-such-scenario')).rejects.toThrow(`known scenarios: ${ids}`);
  });
});

const HAND_WRITTEN = [
  'a + b - c * d / (e0 + 1) > -a and not (b < c) or a >= b xor c <= d',
  'a ^ 2 mod 3 == +b ? a != c : max(a, b, c) > min(a, b)',
  'abs(a) + log(abs(b) + 1) + log10(abs(c) + 1) + log2(abs(d) + 1) + exp(a / 100) > sqrt(abs(b)) - pow(c, 2)',
  'round(a) + floor(b) + ceil(c) + sign(d) < pi * e and a < Infinity',
  'a < b < c',
  'equalText(t, "native") or equalText(t, "js")',
  '2a > b',
];

function outcome(run: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: run() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe("the claims' mathjs instance", () => {
  it('is the parser and the allowed functions only, not the whole number build', async () => {
    const math = await claimMath();
    for (const f of CLAIM_FUNCTIONS) expect(typeof (math as unknown as Record<string, unknown>)[f]).toBe('function');
    expect(typeof full.sum).toBe('function');
    expect((math as unknown as Record<string, unknown>).sum).toBeUndefined();
  });

  it('parses and evaluates every shipped claim and every allowed operator, function and constant as the whole number build does', async () => {
    const math = await claimMath();
    const shipped = (await listScenarios()).flatMap((s) => s.claims.map((c) => c.expr));
    expect(shipped.length).toBeGreaterThan(50);
    const exprs = [...shipped, ...HAND_WRITTEN];
    const names = [...new Set(exprs.flatMap((x) => full.parse(x).filter((n) => (n as { isSymbolNode?: boolean }).isSymbolNode).map((n) => (n as unknown as { name: string }).name)))];
    const scopes = fc.sample(
      fc.record(Object.fromEntries(names.map((n) => [n, n === 't' ? fc.constantFrom('native', 'js', 'other') : fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -3, max: 3 }), fc.boolean())]))),
      { numRuns: 30, seed: 17 },
    );
    const symbols = (x: string): string[] => [...new Set(full.parse(x).filter((n) => (n as { isSymbolNode?: boolean }).isSymbolNode).map((n) => (n as unknown as { name: string }).name))];
    for (const x of exprs) {
      expect(math.parse(x).toString()).toBe(full.parse(x).toString());
      const mine = math.parse(x).compile();
      const ref = full.parse(x).compile();
      // each evaluation gets a fresh copy of the scope's values for x's own symbols (a copy of every claim's symbols
      // cost more than the evaluation; no other name can change what x evaluates to, for either build)
      const own = symbols(x);
      for (const scope of scopes) {
        const a = outcome(() => mine.evaluate(Object.fromEntries(own.map((n) => [n, scope[n]]))));
        const b = outcome(() => ref.evaluate(Object.fromEntries(own.map((n) => [n, scope[n]]))));
        // the same number, boolean or string, or the same error message, is equal in plain code; anything else (an
        // object result, or a difference) goes to toEqual as before, so a wrong answer fails exactly where it failed
        if (Object.is(a.value, b.value) && a.error === b.error && (typeof a.value !== 'object' || a.value === null)) continue;
        expect(a, x).toEqual(b);
      }
    }
  });
});

describe('a run', () => {
  it('refuses a mistyped knob before it checks the claims (a --set typo does not load the expression parser)', async () => {
    const cuped = await findScenario('cuped');
    const badClaims = { ...cuped, claims: [{ text: 'not an expression', expr: 'a = 1', kind: 'finding' as const }] };
    await expect(runScenario(badClaims, { params: { nonsense: '1' }, scale: 'tiny' })).rejects.toThrow(/unknown param "nonsense" for scenario cuped/);
    await expect(runScenario(badClaims, { scale: 'tiny' })).rejects.toThrow(/claims\[0\] \("not an expression"\): assignment expressions are not allowed/);
  });
});

const ALL = ['list', 'show', 'run', 'data', 'lesson', 'workshop', 'drill', 'design'];
const names = async (command: string | undefined): Promise<string[]> => (await programFor(command, new AbortController())).commands.map((c) => c.name());

describe('the program a command line gets', () => {
  it('is the one command a known command name asks for', async () => {
    for (const c of ALL) expect(await names(c)).toEqual([c]);
  });

  it('is every command for the help, a mistyped command or a name that is only an object property', async () => {
    for (const c of [undefined, 'help', 'lisst', 'constructor', '__proto__']) expect(await names(c)).toEqual(ALL);
  });
});
