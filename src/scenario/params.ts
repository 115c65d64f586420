/**
 * ParamSpec helpers: the single declaration of a knob drives CLI `--set` validation, the TUI knob
 * (stepping, typed values) and the lesson's parameter table.
 */
import { UsageError } from '../core/errors.js';
import type { ParamSpec, ParamValue, Scale, Scenario } from './types.js';

export function defaultFor(spec: ParamSpec, scale: Scale): ParamValue {
  return spec.scaleDefaults?.[scale] ?? spec.default;
}

/** Human description of the allowed values, e.g. "an integer in [4, 64]" or "one of ip, cosine, l2". */
export function allowedValues(spec: ParamSpec): string {
  switch (spec.type) {
    case 'enum': {
      // quote choices when one of them contains a comma or a space, so the list stays unambiguous
      const choices = (spec.choices ?? []).map(String);
      const quote = choices.some((c) => /[,\s]/.test(c));
      return `one of ${choices.map((c) => (quote ? `"${c}"` : c)).join(', ')}`;
    }
    case 'boolean':
      return 'true or false';
    default: {
      const kind = spec.type === 'int' ? 'an integer' : 'a number';
      const lo = spec.min ?? '-∞';
      const hi = spec.max ?? '∞';
      return `${kind} in [${lo}, ${hi}]${spec.unit ? ` ${spec.unit}` : ''}`;
    }
  }
}

/** Validate an already-typed value; throws UsageError naming the param and the range. */
export function checkParamValue(spec: ParamSpec, value: ParamValue): ParamValue {
  const bad = (): never => {
    throw new UsageError(`param "${spec.name}": ${JSON.stringify(value)} is not allowed; expected ${allowedValues(spec)}`);
  };
  if (spec.type === 'enum') {
    const hit = spec.choices?.find((c) => String(c) === String(value));
    return hit === undefined ? bad() : hit;
  }
  if (spec.type === 'boolean') return typeof value === 'boolean' ? value : bad();
  if (typeof value !== 'number' || !Number.isFinite(value)) return bad();
  if (spec.type === 'int' && !Number.isInteger(value)) return bad();
  if (spec.min !== undefined && value < spec.min) return bad();
  if (spec.max !== undefined && value > spec.max) return bad();
  return value;
}

/** The user's text as an error message shows it: quoted, and cut after 40 characters so a pasted page stays one line. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

// digits with single underscores between them (100_000), optional fraction, exponent, then a k/M shorthand
const NUMBER_TEXT = /^([+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d+)?)([kKmM]?)$/;

/** Parse text typed by a user (`--set k=v`, a TUI field) into a valid value for `spec`. Any text gives a value or a UsageError. */
export function parseParamValue(spec: ParamSpec, text: string): ParamValue {
  const t = text.trim();
  if (spec.type === 'boolean') {
    if (/^(true|yes|on|1)$/i.test(t)) return true;
    if (/^(false|no|off|0)$/i.test(t)) return false;
    throw new UsageError(`param "${spec.name}": ${quoted(text)} is not allowed; expected ${allowedValues(spec)}`);
  }
  if (spec.type === 'enum') {
    const hit = spec.choices?.find((c) => String(c) === t);
    if (hit === undefined) throw new UsageError(`param "${spec.name}": ${quoted(text)} is not allowed; expected ${allowedValues(spec)}`);
    return hit;
  }
  // accept 1e5, 100000, 100_000 and 100k / 1M shorthands; "_" or "." alone is not a number
  const m = NUMBER_TEXT.exec(t);
  const n = m ? Number(m[1].replace(/_/g, '')) * (m[2] === 'k' || m[2] === 'K' ? 1e3 : m[2] === 'm' || m[2] === 'M' ? 1e6 : 1) : NaN;
  if (!Number.isFinite(n)) throw new UsageError(`param "${spec.name}": ${quoted(text)} is not a number; expected ${allowedValues(spec)}`);
  return checkParamValue(spec, n);
}

/** One ←/→ step of a knob; numbers clamp at min/max, enums and booleans cycle. */
export function stepParam(spec: ParamSpec, value: ParamValue, direction: 1 | -1): ParamValue {
  if (spec.type === 'boolean') return !value;
  if (spec.type === 'enum') {
    const choices = spec.choices ?? [];
    const i = Math.max(0, choices.findIndex((c) => String(c) === String(value)));
    return choices[(i + direction + choices.length) % choices.length];
  }
  const v = Number(value);
  let step = spec.step;
  if (step === undefined) {
    if (spec.type === 'int') step = 1;
    else step = spec.min !== undefined && spec.max !== undefined ? (spec.max - spec.min) / 20 : Math.max(Math.abs(v) / 10, 0.01);
  }
  let next = v + direction * step;
  if (spec.type === 'int') next = Math.round(next);
  else next = Number(next.toPrecision(12));
  if (spec.min !== undefined) next = Math.max(spec.min, next);
  if (spec.max !== undefined) next = Math.min(spec.max, next);
  return next;
}

/**
 * Defaults for the scale, overridden by user values (typed or text). Unknown names fail with the
 * list of declared params.
 */
export function resolveParams(
  scenario: Scenario,
  overrides: Record<string, ParamValue | string> = {},
  scale: Scale = 'small',
): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const spec of scenario.params) out[spec.name] = defaultFor(spec, scale);
  // own keys only: a "__proto__" or "constructor" key is an unknown param like any other
  for (const name of Object.keys(overrides)) {
    const raw = overrides[name];
    const spec = scenario.params.find((p) => p.name === name);
    if (!spec) {
      const known = scenario.params.map((p) => p.name).join(', ') || '(none)';
      throw new UsageError(`unknown param ${quoted(name)} for scenario ${scenario.id}; its params are: ${known}`);
    }
    // text (from --set or a plan) is parsed, so enum text is trimmed like numbers are
    out[name] = typeof raw === 'string' ? parseParamValue(spec, raw) : checkParamValue(spec, raw);
  }
  return out;
}

/**
 * `key=value` strings from the CLI → an overrides object (last one wins). The object has no prototype, so a key
 * such as "__proto__" is kept as a key (and refused as an unknown param) instead of vanishing.
 */
export function parseSetArgs(sets: string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0 || !s.slice(0, eq).trim()) throw new UsageError(`--set expects key=value, got ${quoted(s)}`);
    out[s.slice(0, eq).trim()] = s.slice(eq + 1);
  }
  return out;
}
