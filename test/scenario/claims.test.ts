import { describe, expect, it } from 'vitest';
import { evaluateClaims } from '../../src/scenario/claims.js';

describe('claims', () => {
  it('evaluates a boolean expression over metrics and reports the values read', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'recall_at_10 >= 0.95 and p99_ms < 1' }], { recall_at_10: 0.97, p99_ms: 0.4, other: 3 }, {});
    expect(c.holds).toBe(true);
    expect(c.observed).toEqual({ recall_at_10: 0.97, p99_ms: 0.4 });
  });

  it('says a claim fails when the numbers say so', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'p99_ms < 1' }], { p99_ms: 2.5 }, {});
    expect(c.holds).toBe(false);
    expect(c.error).toBeUndefined();
  });

  it('can read params and use functions', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'abs(ratio - 1) < 0.1 and ef == 50' }], { ratio: 1.05 }, { ef: 50 });
    expect(c.holds).toBe(true);
  });

  it('reports (does not throw) an unknown metric, listing the metrics', async () => {
    const [c] = await evaluateClaims([{ text: 't', expr: 'recall_at_100 > 0.5' }], { recall_at_10: 0.9 }, {});
    expect(c.holds).toBe(false);
    expect(c.error).toMatch(/unknown name\(s\) recall_at_100; metrics: recall_at_10/);
  });

  it('reports a syntax error and a non-boolean result', async () => {
    const [a, b] = await evaluateClaims([{ text: 'a', expr: 'x >' }, { text: 'b', expr: 'x + 1' }], { x: 1 }, {});
    expect(a.error).toBeTruthy();
    expect(b.error).toMatch(/not true\/false/);
  });
});
