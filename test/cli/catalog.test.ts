// `run <id>` and `show <id>` read only that scenario's file (src/scenario/catalog.ts): the scenario they get is the
// one the whole catalogue holds, another file is not parsed, and a name that is not one file falls back to the
// catalogue (the unknown id's list of known ones, the duplicate's message).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findScenario, listScenarios, loadScenarioById, loadScenariosIn, scenarioFiles, scenariosDir } from '../../src/scenario/catalog.js';

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
