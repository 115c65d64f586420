/** Generators for the parameter parser: any declared knob (int, number, enum, boolean), and text a hostile user types. */
import fc from 'fast-check';
import type { ParamSpec } from '../../src/scenario/types.js';

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,11}$/);

export const paramSpecArb: fc.Arbitrary<ParamSpec> = fc.oneof(
  fc.record({ lo: fc.integer({ min: -1000, max: 1000 }), span: fc.integer({ min: 0, max: 1_000_000 }), name }).map(
    ({ lo, span, name }): ParamSpec => ({ name, type: 'int', default: lo, min: lo, max: lo + span, description: 'an int knob' }),
  ),
  fc.record({ lo: fc.double({ min: -1e6, max: 1e6, noNaN: true }), span: fc.double({ min: 0, max: 1e6, noNaN: true }), name }).map(
    ({ lo, span, name }): ParamSpec => ({ name, type: 'number', default: lo, min: lo, max: lo + span, description: 'a number knob' }),
  ),
  fc.record({ choices: fc.uniqueArray(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.integer()), { minLength: 1, maxLength: 6 }), name }).map(
    ({ choices, name }): ParamSpec => ({ name, type: 'enum', default: choices[0], choices, description: 'an enum knob' }),
  ),
  name.map((name): ParamSpec => ({ name, type: 'boolean', default: false, description: 'a switch' })),
);

/** Text near the parser's edges (numbers with shorthands, underscores, signs, exponents) mixed with anything at all. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[ \t]*[+-]?[\d_.]{0,8}(e[+-]?\d{0,3})?[kKmM_.]?[ \t]*$/),
  fc.constantFrom('_', '.', '-', '+', 'e5', '1e', '1__0', '_1', '1_', '1.2.3', 'NaN', 'Infinity', '-Infinity', '0x10', '1e400', '1k5', ' 16 ', '\u00a016', '１６'),
  fc.string({ minLength: 1000, maxLength: 3000 }),
);

/** Keys a hostile `--set k=v` may carry (no "=": the first one ends the key), including the ones that touch an object's prototype. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !k.includes('=')),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'),
);
