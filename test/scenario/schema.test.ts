import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/schema.js';
import { UsageError } from '../../src/core/errors.js';

const valid = `
id: demo
title: Demo
topic: deep-dives
section: "Q: demo"
question: Does it work?
lesson: metrics
experiment: demo
params:
  k: { type: int, default: 10, min: 1, max: 100, description: cut-off }
  kind: { type: enum, default: a, choices: [a, b], description: which }
sweep: { param: k, values: [5, 10] }
claims:
  - { text: it works, expr: "x > 0" }
`;

function errorOf(text: string): string {
  try {
    parseScenario(text, 'scenarios/demo.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('scenario schema', () => {
  it('parses a valid scenario and keeps param order', () => {
    const s = parseScenario(valid, 'scenarios/demo.yaml');
    expect(s.params.map((p) => p.name)).toEqual(['k', 'kind']);
    expect(s.sweep?.values).toEqual([5, 10]);
    expect(s.show.charts).toEqual([]);
  });

  it('names the file and the field for a bad topic, listing the allowed values', () => {
    const msg = errorOf(valid.replace('topic: deep-dives', 'topic: deep'));
    expect(msg).toContain('scenarios/demo.yaml');
    expect(msg).toContain('topic');
    expect(msg).toContain('"production-ml"');
  });

  it('rejects malformed YAML with the file name', () => {
    expect(errorOf('id: [unclosed')).toMatch(/scenarios\/demo\.yaml: not valid YAML/);
  });

  it('rejects a default outside its own range', () => {
    expect(errorOf(valid.replace('default: 10, min: 1', 'default: 1000, min: 1'))).toMatch(/params\.k\.default: 1000 is above max 100/);
  });

  it('rejects a sweep over an undeclared param, listing the declared ones', () => {
    expect(errorOf(valid.replace('param: k,', 'param: ef,'))).toMatch(/sweep\.param "ef".*declared: k, kind/);
  });

  it('rejects unknown fields', () => {
    expect(errorOf(valid + 'colour: red\n')).toMatch(/unknown field\(s\) colour/);
  });
});

describe('shared knob declarations (include / defaults)', () => {
  const base = (extra: string) => `id: demo
title: Demo
topic: deep-dives
section: s
question: q
lesson: l
experiment: e
${extra}`;

  it("pulls in the knobs of an included group after the scenario's own, with the group's defaults", () => {
    const s = parseScenario(base('params:\n  own: { type: int, default: 1, description: d }\ninclude: [two-tower-training]'), 'scenarios/demo.yaml');
    expect(s.params[0].name).toBe('own');
    const batch = s.params.find((p) => p.name === 'batchSize')!;
    expect(batch).toMatchObject({ type: 'int', default: 512, scaleDefaults: { tiny: 256 } });
  });

  it('changes an included default with defaults:, per scale or for every scale', () => {
    const s = parseScenario(base('include: [two-tower-training]\ndefaults: { batchSize: 1024, dim: { tiny: 16 } }'), 'scenarios/demo.yaml');
    expect(s.params.find((p) => p.name === 'batchSize')).toMatchObject({ default: 1024, scaleDefaults: undefined });
    expect(s.params.find((p) => p.name === 'dim')).toMatchObject({ default: 64, scaleDefaults: { tiny: 16 } });
  });

  it('refuses to declare an included knob twice, an unknown group and a default for a knob it does not include', () => {
    expect(() => parseScenario(base('include: [two-tower-training]\nparams:\n  dim: { type: int, default: 8, description: d }'), 'scenarios/demo.yaml')).toThrow(
      /params\.dim is already declared in scenarios\/knobs\/two-tower-training\.yaml/,
    );
    expect(() => parseScenario(base('include: [nope]'), 'scenarios/demo.yaml')).toThrow(/unknown knob group "nope"; known groups: .*two-tower-training/);
    expect(() => parseScenario(base('defaults: { dim: 8 }'), 'scenarios/demo.yaml')).toThrow(/defaults\.dim: not an included knob/);
  });

  it("checks a new default against the knob's range", () => {
    expect(() => parseScenario(base('include: [two-tower-training]\ndefaults: { batchSize: 5 }'), 'scenarios/demo.yaml')).toThrow(/batchSize\.default: 5 is below min 32/);
  });

  it('reads claim kinds, finding by default', () => {
    const s = parseScenario(base('claims:\n  - { text: a, expr: x > 1 }\n  - { text: b, expr: x > 1, kind: check }'), 'scenarios/demo.yaml');
    expect(s.claims.map((c) => c.kind)).toEqual(['finding', 'check']);
  });
});
