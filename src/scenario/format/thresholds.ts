/**
 * The constants claims compare metrics with, so a chart of that metric can draw the line the claim is about:
 * `p99_ms < budgetMs / 10` on a p99 chart is a dashed line at 10 ms. Only plain conjunctions count (a term
 * under `or`/`not` holds only sometimes), and only `metric op constant` where the constant is arithmetic
 * over numbers and the run's numeric params. Pure; no mathjs (this runs on every report).
 */
import type { ClaimSpec, ParamValue } from '../types.js';

export interface Threshold {
  metric: string;
  /** as read with the metric on the left: "<", "≤", ">", "≥" */
  op: '<' | '≤' | '>' | '≥';
  value: number;
  /** the claim's text */
  claim: string;
}

const FLIP: Record<string, Threshold['op']> = { '<': '>', '<=': '≥', '>': '<', '>=': '≤' };
const SAME: Record<string, Threshold['op']> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' };
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Arithmetic over numbers and params (+ − × ÷, parentheses, unary minus); null for anything else. */
export function evalConstant(text: string, params: Record<string, ParamValue>): number | null {
  const tokens = text.match(/\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|[-+*/()]|\S/g) ?? [];
  let i = 0;
  const atom = (): number | null => {
    const t = tokens[i++];
    if (t === undefined) return null;
    if (t === '(') {
      const v = sum();
      return tokens[i++] === ')' ? v : null;
    }
    if (t === '-') {
      const v = atom();
      return v === null ? null : -v;
    }
    if (/^\d/.test(t)) return Number(t);
    if (NAME.test(t) && typeof params[t] === 'number') return params[t] as number;
    return null;
  };
  const product = (): number | null => {
    let v = atom();
    while (v !== null && (tokens[i] === '*' || tokens[i] === '/')) {
      const op = tokens[i++];
      const r = atom();
      v = r === null ? null : op === '*' ? v * r : v / r;
    }
    return v;
  };
  const sum = (): number | null => {
    let v = product();
    while (v !== null && (tokens[i] === '+' || tokens[i] === '-')) {
      const op = tokens[i++];
      const r = product();
      v = r === null ? null : op === '+' ? v + r : v - r;
    }
    return v;
  };
  const v = sum();
  return v !== null && i === tokens.length && Number.isFinite(v) ? v : null;
}

/** Each `metric op constant` term of each claim (findings and checks alike). */
export function claimThresholds(claims: Pick<ClaimSpec, 'text' | 'expr'>[], params: Record<string, ParamValue>): Threshold[] {
  const out: Threshold[] = [];
  for (const c of claims) {
    if (/\b(or|not|xor)\b|\?/.test(c.expr)) continue;
    for (const raw of c.expr.split(/\band\b/)) {
      const term = raw.trim().replace(/^\((.*)\)$/, '$1');
      const m = /^(.+?)\s*(<=|>=|<|>)\s*(.+)$/.exec(term);
      if (!m) continue;
      const [left, op, right] = [m[1].trim(), m[2], m[3].trim()];
      if (NAME.test(left) && !(left in params)) {
        const v = evalConstant(right, params);
        if (v !== null) out.push({ metric: left, op: SAME[op], value: v, claim: c.text });
      } else if (NAME.test(right) && !(right in params)) {
        const v = evalConstant(left, params);
        if (v !== null) out.push({ metric: right, op: FLIP[op], value: v, claim: c.text });
      }
    }
  }
  return out;
}
