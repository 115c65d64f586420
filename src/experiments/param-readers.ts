/**
 * Reading knobs inside an experiment. The runner has already validated every declared param against its
 * ParamSpec; these readers type the value and supply a fallback for params a scenario does not declare.
 */
import { UsageError } from '../core/errors.js';
import type { ExperimentContext } from './types.js';

export function num(ctx: ExperimentContext, name: string, fallback: number): number {
  const v = ctx.params[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`${name} must be a number, got ${String(v)}`);
  return n;
}

export function str(ctx: ExperimentContext, name: string, fallback: string): string {
  return ctx.params[name] === undefined ? fallback : String(ctx.params[name]);
}

export function bool(ctx: ExperimentContext, name: string, fallback: boolean): boolean {
  const v = ctx.params[name];
  return v === undefined ? fallback : v === true || v === 'true';
}
