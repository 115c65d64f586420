/** Finding scenarios: every YAML in scenarios/, or a file path given by the user. */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/errors.js';
import { parseScenario } from './schema.js';
import { readUserFile } from './user-file.js';
import type { Scenario } from './types.js';

/** The package root (works from src/ under tsx and from dist/ once built). */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const scenariosDir = join(packageRoot, 'scenarios');
/** scenarios/metrics.yaml holds the charts' metric labels (src/scenario/metric-labels.ts), not a scenario */
export const METRIC_LABELS_FILE = 'metrics.yaml';

/** The scenario YAML files in scenarios/ (or `dir`): file names, sorted. */
export function scenarioFiles(dir = scenariosDir): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== METRIC_LABELS_FILE).sort() : [];
}

/** A scenario from a YAML file: only a regular file of sane size (a device, FIFO or directory is refused, exit 2). */
export function loadScenarioFile(path: string): Scenario {
  return parseScenario(readUserFile(path, 'scenario file'), path);
}

let cache: Scenario[] | null = null;

/** A scenario file's id must be its file name (so an id names one file, and `run <id>` can read just that file). */
function checkIdMatchesFile(s: Scenario, file: string): Scenario {
  const expected = file.replace(/\.ya?ml$/, '');
  if (s.id !== expected) throw new UsageError(`${s.file}: id "${s.id}" must match the file name "${expected}"`);
  return s;
}

/** All scenarios in `dir`, sorted by topic then id. Ids must be unique and match file names. */
export function loadScenariosIn(dir: string): Scenario[] {
  const seen = new Map<string, string>();
  const list = scenarioFiles(dir).map((f) => {
    const s = checkIdMatchesFile(loadScenarioFile(join(dir, f)), f);
    if (seen.has(s.id)) throw new UsageError(`${s.file}: duplicate scenario id "${s.id}" (also in ${seen.get(s.id)})`);
    seen.set(s.id, f);
    return s;
  });
  return list.sort((a, b) => a.topic.localeCompare(b.topic) || a.id.localeCompare(b.id));
}

/** All scenarios in scenarios/, sorted by topic then id (read once per process). */
export async function listScenarios(): Promise<Scenario[]> {
  cache ??= loadScenariosIn(scenariosDir);
  return cache;
}

/**
 * The scenario with this id in `dir`, reading only its own file (and the knob files it includes): `run <id>` and
 * `show <id>` need not parse the whole catalogue. Null when no single file is named so (no file, both .yaml and
 * .yml, or an id that cannot be a scenario's): the caller reads the catalogue, which names the known ids or the
 * duplicate.
 */
export function loadScenarioById(dir: string, id: string): Scenario | null {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) return null;
  const files = [`${id}.yaml`, `${id}.yml`].filter((f) => f !== METRIC_LABELS_FILE && existsSync(join(dir, f)));
  if (files.length !== 1) return null;
  return checkIdMatchesFile(loadScenarioFile(join(dir, files[0])), files[0]);
}

/** A scenario by id (or design-<id> for a shipped design's review), or from a .yaml path. Unknown ids fail with the list of known ones. */
export async function findScenario(idOrPath: string): Promise<Scenario> {
  if (/\.ya?ml$/.test(idOrPath) || idOrPath.includes('/')) return loadScenarioFile(resolve(idOrPath));
  const one = cache ? cache.find((s) => s.id === idOrPath) : loadScenarioById(scenariosDir, idOrPath);
  if (one) return one;
  const all = await listScenarios();
  const hit = all.find((s) => s.id === idOrPath);
  // a shipped design's review runs as the scenario design-<id> (what `recsys-lab design <id>` runs, as run@2)
  if (!hit && idOrPath.startsWith('design-')) {
    const design = await import('./design.js');
    const d = design.listDesigns().find((x) => `design-${x.id}` === idOrPath);
    if (d) return design.designScenario(d);
  }
  if (!hit) throw new UsageError(`unknown scenario "${idOrPath}"; known scenarios: ${all.map((s) => s.id).join(', ')}`);
  return hit;
}
