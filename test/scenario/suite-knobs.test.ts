// The suite's size (test/scenario/suite-knobs.yaml): every entry names a scenario, every knob is one the scenario
// declares at a value its param accepts (the product's own validation), and none is a knob its contrast or sweep sets.
import { describe, expect, it } from 'vitest';
import { listScenarios } from '../../src/scenario/catalog.js';
import { readSuiteKnobs, suiteKnobsProblems } from '../helpers/scenario-suite.js';

const scenarios = await listScenarios();

describe("the suite's knobs", () => {
  it('name scenarios, knobs they declare and values their params accept, and leave contrast and sweep alone', () => {
    expect(suiteKnobsProblems(readSuiteKnobs(), scenarios)).toEqual([]);
  });

  it('name each wrong entry: an unknown id, an undeclared knob, a refused value, a contrast, sweep or default knob', () => {
    const problems = suiteKnobsProblems(
      {
        'no-such-scenario': { requests: 10 },
        'sequence-vs-pooling': { requets: 400, requests: 5, maxLength: 4, servedHistory: 5, epochs: 2, users: 200 },
        'two-stage-why': { max_items: 'many' },
      },
      scenarios,
    );
    expect(problems).toEqual([
      'no-such-scenario: no scenario has this id',
      expect.stringMatching(/^sequence-vs-pooling: unknown param "requets"/),
      expect.stringMatching(/^sequence-vs-pooling: param "requests": 5 is not allowed; expected an integer in \[20, 100000\]/),
      'sequence-vs-pooling: maxLength is a knob of its contrast setting, which the suite must leave to the contrast',
      'sequence-vs-pooling: servedHistory is the knob its sweep varies',
      "sequence-vs-pooling: epochs = 2 is tiny's default (the entry cuts nothing)",
      expect.stringMatching(/^two-stage-why: param "max_items": "many" is not a number/),
    ]);
  });

  it('refuse a file that is not a table of scenario → knob table', () => {
    expect(readSuiteKnobs('')).toEqual({});
    expect(() => readSuiteKnobs('- a\n- b\n')).toThrow(/expected a table of scenario id → knobs/);
    expect(() => readSuiteKnobs('calibration: 3\n')).toThrow(/calibration: expected a table of knob → value/);
    expect(() => readSuiteKnobs('calibration: { queries: [1, 2] }\n')).toThrow(/calibration\.queries: expected a number/);
  });
});
