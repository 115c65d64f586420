// Claims are parsed and evaluated by a mathjs instance holding only the parser and what a claim may call
// (claimMath in src/scenario/claims.ts), which every CLI run loads instead of the whole 'mathjs/number' build. The
// reference here is that whole build: the same tree and the same value (or the same error) for every shipped claim
// and for expressions that use every allowed operator, function and constant.
import fc from 'fast-check';
import * as full from 'mathjs/number';
import { describe, expect, it } from 'vitest';
import { findScenario, listScenarios } from '../../src/scenario/catalog.js';
import { CLAIM_FUNCTIONS, claimMath } from '../../src/scenario/claims.js';
import { runScenario } from '../../src/scenario/runner.js';

const HAND_WRITTEN = [
  'a + b - c * d / (e0 + 1) > -a and not (b < c) or a >= b xor c <= d',
  'a ^ 2 mod 3 == +b ? a != c : max(a, b, c) > min(a, b)',
  'abs(a) + log(abs(b) + 1) + log10(abs(c) + 1) + log2(abs(d) + 1) + exp(a / 100) > sqrt(abs(b)) - pow(c, 2)',
  'round(a) + floor(b) + ceil(c) + sign(d) < pi * e and a < Infinity',
  'a < b < c',
  'equalText(t, "native") or equalText(t, "js")',
  '2a > b',
];

function outcome(run: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: run() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe("the claims' mathjs instance", () => {
  it('is the parser and the allowed functions only, not the whole number build', async () => {
    const math = await claimMath();
    for (const f of CLAIM_FUNCTIONS) expect(typeof (math as unknown as Record<string, unknown>)[f]).toBe('function');
    expect(typeof full.sum).toBe('function');
    expect((math as unknown as Record<string, unknown>).sum).toBeUndefined();
  });

  it('parses and evaluates every shipped claim and every allowed operator, function and constant as the whole number build does', async () => {
    const math = await claimMath();
    const shipped = (await listScenarios()).flatMap((s) => s.claims.map((c) => c.expr));
    expect(shipped.length).toBeGreaterThan(50);
    const exprs = [...shipped, ...HAND_WRITTEN];
    const names = [...new Set(exprs.flatMap((x) => full.parse(x).filter((n) => (n as { isSymbolNode?: boolean }).isSymbolNode).map((n) => (n as unknown as { name: string }).name)))];
    const scopes = fc.sample(
      fc.record(Object.fromEntries(names.map((n) => [n, n === 't' ? fc.constantFrom('native', 'js', 'other') : fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -3, max: 3 }), fc.boolean())]))),
      { numRuns: 30, seed: 17 },
    );
    for (const x of exprs) {
      expect(math.parse(x).toString()).toBe(full.parse(x).toString());
      const mine = math.parse(x).compile();
      const ref = full.parse(x).compile();
      for (const scope of scopes) expect(outcome(() => mine.evaluate({ ...scope })), x).toEqual(outcome(() => ref.evaluate({ ...scope })));
    }
  });
});

describe('a run', () => {
  it('refuses a mistyped knob before it checks the claims (a --set typo does not load the expression parser)', async () => {
    const cuped = await findScenario('cuped');
    const badClaims = { ...cuped, claims: [{ text: 'not an expression', expr: 'a = 1', kind: 'finding' as const }] };
    await expect(runScenario(badClaims, { params: { nonsense: '1' }, scale: 'tiny' })).rejects.toThrow(/unknown param "nonsense" for scenario cuped/);
    await expect(runScenario(badClaims, { scale: 'tiny' })).rejects.toThrow(/claims\[0\] \("not an expression"\): assignment expressions are not allowed/);
  });
});
