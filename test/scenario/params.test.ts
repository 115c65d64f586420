import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseParamValue, resolveParams, stepParam, parseSetArgs } from '../../src/scenario/params.js';
import type { ParamSpec, Scenario } from '../../src/scenario/types.js';

const ef: ParamSpec = { name: 'ef', type: 'int', default: 50, min: 10, max: 500, description: 'beam' };
const lambda: ParamSpec = { name: 'lambda', type: 'number', default: 0.5, min: 0, max: 1, description: 'trade-off' };
const kind: ParamSpec = { name: 'kind', type: 'enum', default: 'hnsw', choices: ['hnsw', 'exact'], description: 'index' };
const items: ParamSpec = { name: 'items', type: 'int', default: 100000, scaleDefaults: { tiny: 5000 }, min: 1000, max: 1000000, description: 'n' };
const scenario = { id: 'demo', params: [ef, lambda, kind, items] } as unknown as Scenario;

describe('params', () => {
  it('uses per-scale defaults', () => {
    expect(resolveParams(scenario, {}, 'tiny').items).toBe(5000);
    expect(resolveParams(scenario, {}, 'small').items).toBe(100000);
  });

  it('parses --set text with shorthands', () => {
    expect(resolveParams(scenario, { items: '20k', ef: '100', kind: 'exact' }, 'small')).toMatchObject({ items: 20000, ef: 100, kind: 'exact' });
  });

  it('names the param and its range when a value is out of range', () => {
    expect(() => resolveParams(scenario, { ef: '5' })).toThrow(/param "ef": 5 is not allowed; expected an integer in \[10, 500\]/);
  });

  it('names the declared params when a key is unknown', () => {
    expect(() => resolveParams(scenario, { M: '16' })).toThrow(/unknown param "M" for scenario demo; its params are: ef, lambda, kind, items/);
  });

  it('lists the choices for a bad enum value', () => {
    expect(() => parseParamValue(kind, 'ivf')).toThrow(/one of hnsw, exact/);
  });

  it('rejects a non-integer for an int param', () => {
    expect(() => parseParamValue(ef, '12.5')).toThrow(/an integer/);
  });

  it('parses key=value pairs and rejects a pair without "="', () => {
    expect(parseSetArgs(['a=1', 'b=x=y'])).toEqual({ a: '1', b: 'x=y' });
    expect(() => parseSetArgs(['a'])).toThrow(/key=value/);
  });

  it('stepping a number never leaves its range', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.constantFrom<1 | -1>(1, -1), { maxLength: 50 }), (start, steps) => {
        let v: number = start;
        for (const d of steps) v = stepParam(lambda, v, d) as number;
        return v >= 0 && v <= 1;
      }),
    );
  });

  it('stepping an enum cycles through its choices', () => {
    expect(stepParam(kind, 'hnsw', 1)).toBe('exact');
    expect(stepParam(kind, 'exact', 1)).toBe('hnsw');
    expect(stepParam(kind, 'hnsw', -1)).toBe('exact');
  });
});
