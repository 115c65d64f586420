/**
 * Claims are mathjs boolean expressions over a run's metrics (and params), judged after the run.
 *
 * A claim is judged on the run's bootstrap replicates, not on one point value: the expression is evaluated
 * on every replicate of the metrics it reads (paired: replicate b of each metric comes from the same resample),
 * and it holds when it is true on ≥ 97.5% of them, fails when on ≤ 2.5%, and is inconclusive between.
 * A claim that reads only exact metrics is decided by its point value.
 *
 * Claims are user-editable data, so an expression is checked against an allow-list before the run: numbers,
 * strings, names, arithmetic, comparisons, logic, conditionals and a few scalar functions. Nothing that builds
 * matrices, assigns, defines functions or indexes, so evaluating a claim cannot exhaust the heap.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { percentileInterval, type Interval } from '../core/intervals.js';
import { TimingReplicates, verdictFromShare, type Verdict } from '../core/resample.js';
import { UsageError } from '../core/errors.js';
import type { ClaimResult, ClaimSpec, ParamValue } from './types.js';

type MathJs = typeof import('mathjs/number');
type MathNode = import('mathjs').MathNode;
let mathPromise: Promise<MathJs> | null = null;
// mathjs is ~1 MB of JS: load it only when a claim is evaluated or checked, and only the parser and the functions a
// claim may call (claimMath below)
function loadMath(): Promise<MathJs> {
  mathPromise ??= claimMath().catch(() => import('mathjs/number'));
  return mathPromise;
}

/**
 * A mathjs instance (its number-only build: claims compare numbers, booleans and the odd enum string) made of the
 * parser, the functions behind the allowed operators, CLAIM_FUNCTIONS and the constants, built from mathjs's own
 * dependency files: importing 'mathjs/number' creates all its ~250 functions (651 modules; about 0.8 CPU-s per
 * process, most of a CLI run's start-up), this about 120 (509 modules, about 0.2 CPU-s less). mathjs exports no
 * path to these files, so they are found from its package.json; were they ever missing, loadMath falls back to
 * the whole number build (the same parser and functions).
 */
export async function claimMath(): Promise<MathJs> {
  const root = dirname(createRequire(import.meta.url).resolve('mathjs/package.json'));
  const url = (file: string): string => pathToFileURL(join(root, 'lib', 'esm', file)).href;
  const { create } = (await import(url('core/create.js'))) as { create: (deps: Record<string, unknown>) => MathJs };
  const names = ['parse', ...ALLOWED_OPERATORS, ...CLAIM_FUNCTIONS, ...CONSTANTS];
  const deps = await Promise.all(
    names.map(async (n) => {
      const key = `${n === 'Infinity' ? n : n[0].toLowerCase() + n.slice(1)}Dependencies`;
      const mod = (await import(url(`entry/dependenciesNumber/dependencies${n[0].toUpperCase()}${n.slice(1)}.generated.js`))) as Record<string, unknown>;
      if (!mod[key]) throw new Error(`mathjs has no ${key}`);
      return [key, mod[key]] as const;
    }),
  );
  return create(Object.fromEntries(deps));
}

export const CLAIM_MAX_LENGTH = 500;
const STRING_MAX_LENGTH = 300;
const ALLOWED_NODES = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'ConditionalNode', 'FunctionNode', 'RelationalNode']);
export const CLAIM_FUNCTIONS = ['abs', 'min', 'max', 'log', 'log10', 'log2', 'exp', 'sqrt', 'round', 'floor', 'ceil', 'pow', 'sign', 'equalText'] as const;
const ALLOWED_FUNCTIONS = new Set<string>(CLAIM_FUNCTIONS);
const ALLOWED_OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus', 'pow', 'mod',
  'and', 'or', 'xor', 'not', 'equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq',
]);
const CONSTANTS = new Set(['pi', 'e', 'Infinity']);

interface Checked {
  node: MathNode;
  /** names the expression reads (symbols that are not function names) */
  names: string[];
}

function check(math: MathJs, expr: string): Checked | string {
  if (typeof expr !== 'string' || expr.trim() === '') return 'the expression is empty';
  if (expr.length > CLAIM_MAX_LENGTH) return `the expression is ${expr.length} characters; at most ${CLAIM_MAX_LENGTH}`;
  let node: MathNode;
  try {
    node = math.parse(expr);
  } catch (err) {
    return `not a valid expression: ${err instanceof Error ? err.message : String(err)}`;
  }
  const names = new Set<string>();
  let problem: string | null = null;
  node.traverse((n, _path, parent) => {
    if (problem) return;
    const any = n as unknown as { type: string; name?: string; fn?: unknown; value?: unknown };
    if (!ALLOWED_NODES.has(any.type)) {
      problem = `${any.type.replace(/Node$/, '').toLowerCase()} expressions are not allowed in a claim (allowed: numbers, names, + − × ÷ ^ mod, comparisons, and/or/not, a ? b : c, ${CLAIM_FUNCTIONS.join(' ')})`;
    } else if (any.type === 'FunctionNode') {
      const fn = any.fn as { type?: string; name?: string };
      if (fn?.type !== 'SymbolNode' || !ALLOWED_FUNCTIONS.has(fn.name ?? '')) {
        problem = `function ${fn?.name ?? '(computed)'} is not allowed in a claim; allowed: ${CLAIM_FUNCTIONS.join(', ')}`;
      }
    } else if (any.type === 'OperatorNode' && !ALLOWED_OPERATORS.has(String(any.fn))) {
      problem = `operator ${String(any.fn)} is not allowed in a claim`;
    } else if (any.type === 'OperatorNode' && (any as unknown as { args: { type: string; value?: unknown }[] }).args.some((a) => a.type === 'ConstantNode' && typeof a.value === 'string')) {
      problem = `text is compared with equalText(name, "value") in a claim (== and < compare numbers)`;
    } else if (any.type === 'ConstantNode' && typeof any.value === 'string' && any.value.length > STRING_MAX_LENGTH) {
      problem = `a string of ${any.value.length} characters; at most ${STRING_MAX_LENGTH}`;
    } else if (any.type === 'SymbolNode') {
      const isFnName = parent?.type === 'FunctionNode' && (parent as unknown as { fn: unknown }).fn === n;
      if (!isFnName && !CONSTANTS.has(any.name ?? '')) names.add(any.name ?? '');
    }
  });
  return problem ?? { node, names: [...names] };
}

/** Syntax and allow-list check for one expression: an error message, or null when it may be evaluated. */
export async function checkClaimSyntax(expr: string): Promise<string | null> {
  const r = check(await loadMath(), expr);
  return typeof r === 'string' ? r : null;
}

/** Every claim of a scenario checked before the run: a UsageError naming the file and the claim. */
export async function validateClaims(claims: ClaimSpec[], file: string): Promise<void> {
  if (claims.length === 0) return;
  const math = await loadMath();
  claims.forEach((c, i) => {
    const r = check(math, c.expr);
    if (typeof r === 'string') throw new UsageError(`${file}: claims[${i}] ("${c.text.slice(0, 60)}"): ${r}`);
  });
}

export interface ClaimEvidence {
  metrics: Record<string, number>;
  params: Record<string, ParamValue>;
  /** B replicates per metric, index-aligned (all arrays the same length B) */
  replicates?: Record<string, ArrayLike<number>>;
  intervals?: Record<string, Interval>;
}

type Scope = Record<string, ParamValue>;

function evalBool(code: { evaluate(scope: Scope): unknown }, scope: Scope): boolean | string {
  const v = code.evaluate(scope);
  return typeof v === 'boolean' ? v : `expression is not true/false (got ${String(v)})`;
}

function judge(math: MathJs, c: ClaimSpec, ev: ClaimEvidence): ClaimResult {
  const kind = c.kind ?? 'finding';
  const base = { text: c.text, expr: c.expr, kind };
  const observed: Record<string, number | string | boolean> = {};
  const undecided = (error: string, share = 0, replicates = 0): ClaimResult => ({ ...base, verdict: 'inconclusive', holds: false, share, replicates, observed, error });
  const checked = check(math, c.expr);
  if (typeof checked === 'string') return undecided(checked);
  // metrics win over params when a name is both
  const scope: Scope = { ...ev.params, ...ev.metrics };
  const missing = checked.names.filter((n) => !(n in scope));
  for (const n of checked.names) if (n in scope) observed[n] = scope[n];
  if (missing.length) return undecided(`unknown name(s) ${missing.join(', ')}; metrics: ${Object.keys(ev.metrics).join(', ')}`);
  const intervals: Record<string, Interval> = {};
  for (const n of checked.names) if (ev.intervals?.[n]) intervals[n] = ev.intervals[n];
  const withIntervals = Object.keys(intervals).length ? { intervals } : {};
  try {
    const code = checked.node.compile();
    const point = evalBool(code, { ...scope });
    if (typeof point === 'string') return undecided(point);
    const resampled = checked.names.filter((n) => ev.replicates?.[n] && n in ev.metrics);
    if (resampled.length === 0) {
      return { ...base, verdict: point ? 'holds' : 'fails', holds: point, share: point ? 1 : 0, replicates: 1, observed, ...withIntervals };
    }
    const judged = shareOf(code, scope, resampled.map((n) => [n, ev.replicates![n]]));
    if (typeof judged === 'string') return undecided(judged);
    const { share, valid } = judged;
    let verdict = verdictFromShare(share);
    // a timing metric measured while the thread waited for a core: judge it again on the calls that kept their core
    const timing = resampled.filter((n) => ev.replicates![n] instanceof TimingReplicates);
    const disturbed = timing.filter((n) => (ev.replicates![n] as TimingReplicates).quiet !== ev.replicates![n]);
    let note: string | undefined;
    if (disturbed.length) {
      const quietOnly = disturbed.some((n) => (ev.replicates![n] as TimingReplicates).quiet === null);
      const quiet = quietOnly
        ? null
        : shareOf(code, scope, resampled.map((n) => [n, disturbed.includes(n) ? (ev.replicates![n] as TimingReplicates).quiet! : ev.replicates![n]]));
      const quietVerdict: Verdict | null = quiet && typeof quiet !== 'string' ? verdictFromShare(quiet.share) : null;
      if (quietVerdict !== verdict) {
        note = quietVerdict
          ? `busy machine: ${verdict} counting the time ${disturbed.join(', ')} spent waiting for a core, ${quietVerdict} on the calls that kept their core — the machine decides it, not the algorithm`
          : `busy machine: too few calls of ${disturbed.join(', ')} kept their core to tell the algorithm from the waiting`;
        verdict = 'inconclusive';
      }
    }
    return { ...base, verdict, holds: verdict === 'holds', share, replicates: valid, observed, ...withIntervals, ...(note ? { note } : {}) };
  } catch (err) {
    return undecided(err instanceof Error ? err.message : String(err));
  }
}

/** Share of replicates on which the expression is true (replicates where a metric is not computable are skipped). */
function shareOf(code: { evaluate(scope: Scope): unknown }, scope: Scope, reps: [string, ArrayLike<number>][]): { share: number; valid: number } | string {
  const B = Math.min(...reps.map(([, r]) => r.length));
  let trues = 0;
  let valid = 0;
  const rs: Scope = { ...scope };
  for (let b = 0; b < B; b++) {
    let ok = true;
    for (const [n, r] of reps) {
      const v = r[b];
      if (!Number.isFinite(v)) ok = false;
      rs[n] = v;
    }
    if (!ok) continue; // a resample on which a metric is not computable (an empty cohort) says nothing
    const r = evalBool(code, rs);
    if (typeof r === 'string') return r;
    valid++;
    if (r) trues++;
  }
  return valid === 0 ? 'no replicate could be evaluated' : { share: trues / valid, valid };
}

/** Judge every claim on the run's evidence; a claim that cannot be evaluated fails alone, with its error. */
export async function evaluateClaims(claims: ClaimSpec[], evidence: ClaimEvidence): Promise<ClaimResult[]> {
  if (claims.length === 0) return [];
  const math = await loadMath();
  return claims.map((c) => judge(math, c, evidence));
}

/** 95% percentile intervals of every metric that has replicates. */
export function intervalsOf(replicates: Record<string, ArrayLike<number>> | undefined): Record<string, Interval> {
  const out: Record<string, Interval> = {};
  for (const [k, v] of Object.entries(replicates ?? {})) {
    const iv = percentileInterval(v);
    if (Number.isFinite(iv[0]) && Number.isFinite(iv[1])) out[k] = iv;
  }
  return out;
}
