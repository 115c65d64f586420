/**
 * Shared knob declarations: `scenarios/knobs/<group>.yaml` holds ParamSpecs that several scenarios run with
 * (the two-tower trainer's engine, dim, batch size …), written once and pulled in with `include: [group]`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';

export const knobsDir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'scenarios', 'knobs');

export interface KnobGroup {
  path: string;
  /** knob name → its ParamSpec as written (validated by the scenario schema) */
  specs: Record<string, unknown>;
}

const cache = new Map<string, KnobGroup>();

export function knobGroupNames(): string[] {
  return existsSync(knobsDir) ? readdirSync(knobsDir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort() : [];
}

/** The knobs of one group; `from` names the including file in errors. */
export function loadKnobGroup(group: string, from: string): KnobGroup {
  const hit = cache.get(group);
  if (hit) return hit;
  const path = join(knobsDir, `${group}.yaml`);
  if (!existsSync(path)) throw new UsageError(`${from}: include: unknown knob group "${group}"; known groups: ${knobGroupNames().join(', ') || '(none)'}`);
  const raw = parseYaml(readFileSync(path, 'utf8')) as unknown;
  const specs = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), z.looseObject({})).safeParse(raw);
  if (!specs.success) throw new UsageError(`${path}: a knob group is a map of knob name → ParamSpec`);
  const out = { path, specs: specs.data };
  cache.set(group, out);
  return out;
}
