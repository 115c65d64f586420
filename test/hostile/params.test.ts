// Hostile `--set` input: any text for any declared knob gives a valid value or a UsageError naming the knob —
// never another exception, never a value outside the declared range, never a silently dropped key.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { loadExperiment } from '../../src/experiments/index.js';
import { checkParamValue, parseParamValue, parseSetArgs, resolveParams } from '../../src/scenario/params.js';
import type { ParamValue, Scenario } from '../../src/scenario/types.js';
import { hostileKey, hostileText, paramSpecArb } from '../arbitraries/params.js';

/** The outcome of parsing: the value, or the UsageError's message; anything else is thrown on to fail the property. */
function outcome(f: () => ParamValue): { value: ParamValue } | { usage: string } {
  try {
    return { value: f() };
  } catch (err) {
    if (err instanceof UsageError) return { usage: err.message };
    throw err;
  }
}

describe('the parameter parser under hostile input', () => {
  it('any text for any knob gives a value the knob allows, or a UsageError naming the knob', () => {
    fc.assert(
      fc.property(paramSpecArb, hostileText, (spec, text) => {
        const r = outcome(() => parseParamValue(spec, text));
        if ('usage' in r) return r.usage.includes(`param "${spec.name}"`) && r.usage.length < 400;
        // what the parser accepts, the knob's own check accepts unchanged
        return Object.is(checkParamValue(spec, r.value), r.value);
      }),
      { numRuns: 2000 },
    );
  });

  it('text that is not a number never parses as one ("_" and "." are not 0)', () => {
    const int = { name: 'trees', type: 'int' as const, default: 10, min: 0, max: 100, description: 'n' };
    for (const text of ['_', '.', '-', '+', '_._', 'e5', '1e', '1__0', '_1', '1_', 'k', '..5', '1.2.3']) {
      expect(() => parseParamValue(int, text), text).toThrow(UsageError);
    }
    expect(parseParamValue(int, '1_0')).toBe(10);
    expect(parseParamValue(int, ' 0.05k ')).toBe(50);
  });

  it('enum text is trimmed as number text is', () => {
    const metric = { name: 'metric', type: 'enum' as const, default: 'ip', choices: ['ip', 'cosine'], description: 'm' };
    const scenario = { id: 'demo', params: [metric] } as unknown as Scenario;
    expect(resolveParams(scenario, { metric: '  cosine\t' }).metric).toBe('cosine');
  });

  it('any key=value list gives overrides or a UsageError, and every key given is kept (none vanishes into a prototype)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostileKey, hostileText), { maxLength: 6 }), (pairs) => {
        const sets = pairs.map(([k, v]) => `${k}=${v}`);
        let parsed: Record<string, string>;
        try {
          parsed = parseSetArgs(sets);
        } catch (err) {
          if (err instanceof UsageError) return true;
          throw err;
        }
        const keys = new Set(pairs.map(([k]) => k.trim()));
        return Object.keys(parsed).length === keys.size && [...keys].every((k) => Object.hasOwn(parsed, k));
      }),
    );
  });

  it('a prototype key is refused as an unknown param, not silently accepted', () => {
    const scenario = { id: 'demo', params: [{ name: 'trees', type: 'int', default: 1, min: 0, max: 9, description: 'n' }] } as unknown as Scenario;
    for (const key of ['__proto__', 'constructor', 'toString']) {
      expect(() => resolveParams(scenario, parseSetArgs([`${key}=1`])), key).toThrow(/unknown param "(__proto__|constructor|toString)" for scenario demo/);
    }
  });

  it('an experiment id that names an Object.prototype member is an unknown experiment', async () => {
    for (const id of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      await expect(loadExperiment(id), id).rejects.toThrow(/unknown experiment .*; known experiments:/);
    }
  });

  it('a 3,000-character value is quoted short in the message', () => {
    const ef = { name: 'ef', type: 'int' as const, default: 50, min: 1, max: 500, description: 'beam' };
    expect(() => parseParamValue(ef, 'x'.repeat(3000))).toThrow(/^param "ef": "x{40}…" is not a number; expected an integer in \[1, 500\]$/);
  });
});
