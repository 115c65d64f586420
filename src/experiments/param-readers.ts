/**
 * Reading knobs inside an experiment. The runner has already validated every declared param against its
 * ParamSpec; these readers type the value. There is no fallback: defaults live only in the scenario YAML (and its
 * knob groups), so a knob the scenario does not declare is a UsageError naming it.
 */
import { UsageError } from '../core/errors.js';
import type { ParamValue } from './types.js';

/** Anything holding params: the experiment context, or `{ params }` for a bare record. */
export interface ParamSource {
  params: Record<string, ParamValue>;
}

function present(src: ParamSource, name: string): ParamValue {
  const v = src.params[name];
  if (v === undefined) throw new UsageError(`param ${name} is missing; a scenario using this experiment must declare it`);
  return v;
}

export function num(src: ParamSource, name: string): number {
  const v = present(src, name);
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`${name} must be a number, got ${String(v)}`);
  return n;
}

export function str(src: ParamSource, name: string): string {
  return String(present(src, name));
}

export function bool(src: ParamSource, name: string): boolean {
  const v = present(src, name);
  return v === true || v === 'true';
}
