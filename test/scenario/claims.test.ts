// Claims: judged on the run's replicates (holds / fails / inconclusive), checked against an allow-list before
// the run, and evaluated so that a bad claim fails alone with its message.
import { describe, expect, it } from 'vitest';
import { TimingReplicates } from '../../src/core/resample.js';
import { checkClaimSyntax, evaluateClaims, validateClaims } from '../../src/scenario/claims.js';

const exact = (metrics: Record<string, number>, params: Record<string, number | string | boolean> = {}) => ({ metrics, params });

describe('claims on exact metrics', () => {
  it('evaluates a boolean expression over metrics and reports the values read', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'recall_at_10 >= 0.95 and p99_ms < 1' }], exact({ recall_at_10: 0.97, p99_ms: 0.4, other: 3 }));
    expect(c).toMatchObject({ verdict: 'holds', holds: true, share: 1, replicates: 1, kind: 'finding' });
    expect(c.observed).toEqual({ recall_at_10: 0.97, p99_ms: 0.4 });
  });

  it('says a claim fails when the numbers say so', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'p99_ms < 1' }], exact({ p99_ms: 2.5 }));
    expect(c.verdict).toBe('fails');
    expect(c.error).toBeUndefined();
  });

  it('can read params and use the allowed functions', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'abs(ratio - 1) < 0.1 and ef == 50' }], exact({ ratio: 1.05 }, { ef: 50 }));
    expect(c.holds).toBe(true);
  });

  it('keeps the kind the YAML gives', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'x == 1', kind: 'check' }], exact({ x: 1 }));
    expect(c.kind).toBe('check');
  });

  it('reports (does not throw) an unknown metric, listing the metrics', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'recall_at_100 > 0.5' }], exact({ recall_at_10: 0.9 }));
    expect(c).toMatchObject({ holds: false, verdict: 'inconclusive' });
    expect(c.error).toMatch(/unknown name\(s\) recall_at_100; metrics: recall_at_10/);
  });

  it('reports a syntax error and a non-boolean result', async () => {
    const [a, b] = await evaluateClaims([{ text: 'a', expr: 'x >' }, { text: 'b', expr: 'x + 1' }], exact({ x: 1 }));
    expect(a.error).toBeTruthy();
    expect(b.error).toMatch(/not true\/false/);
  });
});

describe('claims judged on replicates', () => {
  const B = 400;
  const around = (centre: number, spread: number) => Float64Array.from({ length: B }, (_, b) => centre + spread * ((b / (B - 1)) * 2 - 1));

  it('holds when the whole interval is on the true side', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'p99_ms < 1' }], { metrics: { p99_ms: 0.5 }, params: {}, replicates: { p99_ms: around(0.5, 0.2) } });
    expect(c).toMatchObject({ verdict: 'holds', share: 1, replicates: B });
  });

  it('fails when the whole interval is on the false side', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'p99_ms < 1' }], { metrics: { p99_ms: 1.5 }, params: {}, replicates: { p99_ms: around(1.5, 0.2) } });
    expect(c.verdict).toBe('fails');
  });

  it('is inconclusive when the interval straddles the threshold, whatever the point value says', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'p99_ms < 1' }], { metrics: { p99_ms: 0.95 }, params: {}, replicates: { p99_ms: around(0.95, 0.2) } });
    expect(c.verdict).toBe('inconclusive');
    expect(c.holds).toBe(false);
    expect(c.share).toBeGreaterThan(0.025);
    expect(c.share).toBeLessThan(0.975);
  });

  it('pairs replicates: a difference is judged on the difference, not on two separate intervals', async () => {
    // a and b move together across replicates (same users); a − b is always 0.01
    const a = around(0.5, 0.1);
    const b = a.map((v) => v - 0.01);
    const [c] = await evaluateClaims([{ text: 't', expr: 'a > b' }], { metrics: { a: 0.5, b: 0.49 }, params: {}, replicates: { a, b } });
    expect(c.verdict).toBe('holds');
  });

  it('skips replicates on which a metric is not computable', async () => {
    const r = around(2, 0.5);
    r[0] = NaN;
    const [c] = await evaluateClaims([{ text: 't', expr: 'x > 1' }], { metrics: { x: 2 }, params: {}, replicates: { x: r } });
    expect(c).toMatchObject({ verdict: 'holds', replicates: B - 1 });
  });
});

describe('claim expressions are bounded before the run', () => {
  it.each([
    ['size(ones(40000,40000))[1] > 0', /not allowed/],
    ['f(x) = x; f(1) > 0', /not allowed/],
    ['x = 3', /not allowed/],
    ['[1,2,3] == 1', /not allowed/],
    ['evaluate("1") == 1', /not allowed/],
    ['1 > 0 and ' + 'x + '.repeat(200) + '1 > 0', /at most 500/],
  ])('refuses %s', async (expr, why) => {
    expect(await checkClaimSyntax(expr)).toMatch(why);
  });

  it('accepts the operators, functions and conditionals claims use', async () => {
    expect(await checkClaimSyntax('max(a, b) / min(a, b) > 2 and not equalText(c, "mixed") or (d > 1 ? e : f) >= log10(g)')).toBeNull();
  });

  it('names the file and the claim when a scenario carries a bad claim', async () => {
    await expect(validateClaims([{ text: 'fine', expr: 'x > 1' }, { text: 'heap bomb', expr: 'size(ones(40000,40000))[1] > 0' }], 'scenarios/x.yaml')).rejects.toThrow(
      /scenarios\/x\.yaml: claims\[1\] \("heap bomb"\): .*not allowed/,
    );
  });
});

describe('timing claims on a busy machine', () => {
  const B = 400;
  const around = (centre: number, spread: number) => Float64Array.from({ length: B }, (_, b) => centre + spread * ((b / (B - 1)) * 2 - 1));
  const timing = (wall: Float64Array, quiet: Float64Array | 'same' | null) => {
    const r = new TimingReplicates(wall);
    r.quiet = quiet === 'same' ? r : quiet;
    return r;
  };

  it('keeps the verdict when no timed call waited for a core', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'p99_ms < 1' }], { metrics: { p99_ms: 0.5 }, params: {}, replicates: { p99_ms: timing(around(0.5, 0.1), 'same') } });
    expect(c.verdict).toBe('holds');
    expect(c.note).toBeUndefined();
  });

  it('is inconclusive, with the reason, when counting the waiting turns a hold into a failure', async () => {
    // the tail of all calls is a 4 ms time slice; the calls that kept their core answer in 0.5 ms
    const [c] = await evaluateClaims([{ text: 't', expr: 'p99_ms < 1' }], { metrics: { p99_ms: 4 }, params: {}, replicates: { p99_ms: timing(around(4, 0.3), around(0.5, 0.1)) } });
    expect(c.verdict).toBe('inconclusive');
    expect(c.note).toMatch(/busy machine: fails counting the time p99_ms spent waiting for a core, holds on the calls that kept their core/);
  });

  it('keeps a failure that the calls which kept their core confirm', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'p99_ms < 1' }], { metrics: { p99_ms: 4 }, params: {}, replicates: { p99_ms: timing(around(4, 0.3), around(3, 0.3)) } });
    expect(c.verdict).toBe('fails');
  });

  it('cannot judge when too few calls kept their core', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'p99_ms < 1' }], { metrics: { p99_ms: 4 }, params: {}, replicates: { p99_ms: timing(around(4, 0.3), null) } });
    expect(c.verdict).toBe('inconclusive');
    expect(c.note).toMatch(/too few calls/);
  });
});

describe('text in claims', () => {
  it('compares text with equalText and refuses == on a string before the run', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'equalText(negatives, "mixed")' }], { metrics: {}, params: { negatives: 'mixed' } });
    expect(c.verdict).toBe('holds');
    expect(await checkClaimSyntax('negatives == "mixed"')).toMatch(/equalText/);
  });
});
