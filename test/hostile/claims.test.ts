// Claim expressions are user-editable data: any string gives a verdict or an error for that claim alone, or a
// UsageError before the run — never another exception, and never a heap exhausted by a matrix constructor
// (`size(ones(40000,40000))[1] > 0` used to take the process down with exit 134 and the run's results).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { checkClaimSyntax, evaluateClaims, validateClaims } from '../../src/scenario/claims.js';
import { claimExpression } from '../arbitraries/claims.js';
import { cleanup, cli, expectNoStack, QUICK_RUN, repo, scratch } from './helpers.js';

const dir = scratch('claims');
afterAll(() => cleanup(dir));

const evidence = {
  metrics: { recall_at_10: 0.9, p99_ms: 1.5 },
  params: { ef: 50 },
  replicates: { recall_at_10: Float64Array.from({ length: 200 }, (_, i) => 0.85 + i / 2000) },
};

describe('claim expressions under hostile input', () => {
  it('any string as a claim expression gives a ClaimResult with an error or a verdict, or a UsageError at validation — never another exception', async () => {
    await fc.assert(
      fc.asyncProperty(claimExpression, async (expr) => {
        const claim = { text: 'hostile', expr };
        let refused = false;
        try {
          await validateClaims([claim], 'hostile.yaml');
        } catch (err) {
          if (!(err instanceof UsageError)) throw err;
          expect(err.message).toMatch(/^hostile\.yaml: claims\[0\] \("hostile"\): /);
          refused = true;
        }
        // the syntax check agrees with validation, and judging never throws either way
        expect((await checkClaimSyntax(expr)) !== null).toBe(refused);
        const [r] = await evaluateClaims([claim], evidence);
        expect(['holds', 'fails', 'inconclusive']).toContain(r.verdict);
        if (refused) expect(r).toMatchObject({ verdict: 'inconclusive', error: expect.any(String) });
        else if (r.error === undefined) expect(typeof r.share).toBe('number');
      }),
      { numRuns: 250 },
    );
  });

  it('a bad claim fails alone: the others keep their verdicts', async () => {
    const results = await evaluateClaims(
      [{ text: 'good', expr: 'recall_at_10 >= 0.8' }, { text: 'matrix', expr: 'size(ones(40000,40000))[1] > 0' }, { text: 'unknown', expr: 'nope > 1' }],
      evidence,
    );
    expect(results.map((r) => [r.text, r.verdict, r.error !== undefined])).toEqual([['good', 'holds', false], ['matrix', 'inconclusive', true], ['unknown', 'inconclusive', true]]);
  });

  it('end to end: the matrix claim from the issue is refused with exit 2 before the run, naming the claim', () => {
    const doc = parseYaml(readFileSync(join(repo, 'scenarios', 'explore-exploit.yaml'), 'utf8')) as { claims: { text: string; expr: string }[] };
    doc.claims.push({ text: 'Matrices are free', expr: 'size(ones(40000,40000))[1] > 0' });
    const file = join(dir, 'matrix-claim.yaml');
    writeFileSync(file, stringifyYaml(doc));
    const r = cli(['run', file, '--scale', 'tiny', '--no-sweep', '--set', 'rounds=200', '--set', 'repeats=1', '--quiet', '--format', 'json'], { timeout: 60_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/claims\[\d+\] \("Matrices are free"\): .*not allowed/);
    expect(r.stderr).not.toMatch(/heap|Allocation failed/i);
    expectNoStack(r.stderr);
  });

  it('end to end: a workshop whose last step has a bad claim is refused before its first run', () => {
    const plan = join(dir, 'plan.yaml');
    const step = (scenario: string) => `  - scenario: ${scenario}\n    sweep: false\n    set: { rounds: 200, repeats: 1 }\n`;
    writeFileSync(plan, `title: Two steps\nsteps:\n${step(QUICK_RUN[1])}${step(join(dir, 'matrix-claim.yaml'))}`);
    const r = cli(['workshop', plan, '--scale', 'tiny'], { timeout: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('("Matrices are free")');
    expect(r.stderr).not.toContain('[1/2]');
  });
});
