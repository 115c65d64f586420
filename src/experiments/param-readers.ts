/**
 * Reading knobs inside an experiment. The runner has already validated every declared param against its
 * ParamSpec; these readers type the value and supply a fallback for params a scenario does not declare.
 * Without a fallback the param is required: a missing one is a UsageError naming it.
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

export function num(src: ParamSource, name: string, fallback?: number): number {
  const v = src.params[name] === undefined && fallback !== undefined ? fallback : present(src, name);
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`${name} must be a number, got ${String(v)}`);
  return n;
}

export function str(src: ParamSource, name: string, fallback?: string): string {
  return src.params[name] === undefined && fallback !== undefined ? fallback : String(present(src, name));
}

export function bool(src: ParamSource, name: string, fallback?: boolean): boolean {
  const v = src.params[name] === undefined && fallback !== undefined ? fallback : present(src, name);
  return v === true || v === 'true';
}
