/**
 * Claims are mathjs boolean expressions over a run's metrics (and params), evaluated after the run:
 * the result says whether each held on this machine and shows the values it read.
 */
import type { ClaimResult, ClaimSpec, ParamValue } from './types.js';

type MathJs = typeof import('mathjs');
let mathPromise: Promise<MathJs> | null = null;
// mathjs is ~1 MB of JS: load it only when a claim is evaluated or checked
function loadMath(): Promise<MathJs> {
  mathPromise ??= import('mathjs');
  return mathPromise;
}

/** Names an expression reads (symbols that are not functions). */
function symbolsOf(math: MathJs, expr: string): string[] {
  const names = new Set<string>();
  math.parse(expr).traverse((node, _path, parent) => {
    const isFnName = parent?.type === 'FunctionNode' && (parent as unknown as { fn: unknown }).fn === node;
    if (node.type === 'SymbolNode' && !isFnName) names.add((node as unknown as { name: string }).name);
  });
  return [...names];
}

export async function evaluateClaims(
  claims: ClaimSpec[],
  metrics: Record<string, number>,
  params: Record<string, ParamValue>,
): Promise<ClaimResult[]> {
  if (claims.length === 0) return [];
  const math = await loadMath();
  // metrics win over params when a name is both
  const scope: Record<string, ParamValue> = { ...params, ...metrics };
  return claims.map((c) => {
    const observed: Record<string, number | string | boolean> = {};
    try {
      const names = symbolsOf(math, c.expr);
      const missing = names.filter((n) => !(n in scope) && !(n in math));
      for (const n of names) if (n in scope) observed[n] = scope[n];
      if (missing.length) {
        return { ...c, holds: false, observed, error: `unknown name(s) ${missing.join(', ')}; metrics: ${Object.keys(metrics).join(', ')}` };
      }
      const value = math.evaluate(c.expr, { ...scope });
      if (typeof value !== 'boolean') return { ...c, holds: false, observed, error: `expression is not true/false (got ${String(value)})` };
      return { ...c, holds: value, observed };
    } catch (err) {
      return { ...c, holds: false, observed, error: err instanceof Error ? err.message : String(err) };
    }
  });
}

/** Syntax check for scenario validation: returns an error message or null. */
export async function checkClaimSyntax(expr: string): Promise<string | null> {
  const math = await loadMath();
  try {
    math.parse(expr);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
