/**
 * Claim expressions a hostile scenario author may write: any string, and token soups built from mathjs's
 * grammar — matrix constructors, assignments, function definitions, indexing, huge numbers, long strings — so
 * the generated text often parses and reaches the allow-list.
 */
import fc from 'fast-check';

const names = fc.constantFrom('recall_at_10', 'p99_ms', 'ef', 'x', 'pi', 'e', 'Infinity', 'NaN', 'undefined', 'constructor', '__proto__');
const functions = fc.constantFrom(
  'abs', 'min', 'max', 'log', 'sqrt', 'pow', 'round', 'equalText',
  'ones', 'zeros', 'range', 'matrix', 'identity', 'random', 'size', 'import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'reshape', 'concat',
);
const numbers = fc.oneof(fc.integer({ min: -5, max: 40000 }).map(String), fc.constantFrom('1e308', '1e-400', '40000', '0.5', '-0'), fc.double().map(String));
const operators = fc.constantFrom(' + ', ' - ', ' * ', ' / ', ' ^ ', ' mod ', ' and ', ' or ', ' xor ', ' not ', ' < ', ' >= ', ' == ', ' != ', '!', "'", ' ? ', ' : ', ' = ', ' to ', ':', ' .* ');

type Expr = string;
const { expr } = fc.letrec<{ expr: Expr; atom: Expr }>((tie) => ({
  atom: fc.oneof(
    numbers,
    names,
    fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
    fc.constant(`"${'x'.repeat(400)}"`),
  ),
  expr: fc.oneof(
    { depthSize: 'small' },
    tie('atom'),
    fc.tuple(tie('expr'), operators, tie('expr')).map(([a, op, b]) => `${a}${op}${b}`),
    fc.tuple(functions, fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    tie('expr').map((a) => `(${a})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, i]) => `${a}[${i}]`),
    fc.array(tie('expr'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.tuple(names, tie('expr')).map(([n, v]) => `${n} = ${v}`),
    tie('expr').map((body) => `f(x) = ${body}`),
    tie('expr').map((a) => `${a}; 1`),
  ),
}));

export const claimExpression: fc.Arbitrary<string> = fc.oneof(
  expr,
  fc.string({ maxLength: 60 }),
  fc.string({ minLength: 490, maxLength: 700 }),
  fc.constantFrom('size(ones(40000,40000))[1] > 0', 'ones(40000,40000)', 'x = 1', 'f(x) = x', 'import({})', 'evaluate("1")', '', '   ', '1 > 0', 'recall_at_10 >= 0.9'),
);
