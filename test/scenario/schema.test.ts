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
