// sequence-vs-pooling on cut-down knobs (the default tiny run is in test/scenario/every-scenario/trade-offs.test.ts):
// with a one-item history mean and recency pooling are the same function, so their recalls are equal to the last
// digit, and every quality finding reads a metric that moves between the defaults and that contrast.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenario/catalog.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

const small = { users: 150, requests: 300, epochs: 1, encodeSamples: 50 };

describe('sequence-vs-pooling (cut-down)', () => {
  it('a one-item history makes recency pooling equal mean pooling, and the findings move', { timeout: 180_000 }, async () => {
    const scenario = await findScenario('sequence-vs-pooling');
    const atDefaults = await runScenarioForTest('sequence-vs-pooling', { params: small });
    const contrast = await runScenarioForTest('sequence-vs-pooling', { params: { ...small, ...(scenario.contrast as Record<string, number>) } });
    expect(contrast.metrics.recall_recency).toBe(contrast.metrics.recall_mean);
    expect(contrast.metrics.recency_minus_mean).toBe(0);
    expect(atDefaults.metrics.recency_minus_mean).toBeGreaterThan(0);
    for (const c of scenario.claims.filter((x) => x.kind === 'finding')) {
      const read = Object.keys(atDefaults.claims.find((r) => r.text === c.text)?.observed ?? {});
      expect(read.some((m) => contrast.metrics[m] !== atDefaults.metrics[m]), c.text).toBe(true);
    }
    for (const m of ['recall_mean', 'recall_recency', 'recall_attention', 'attention_minus_mean']) {
      const [lo, hi] = atDefaults.intervals?.[m] ?? [NaN, NaN];
      expect(lo).toBeLessThanOrEqual(atDefaults.metrics[m]);
      expect(hi).toBeGreaterThanOrEqual(atDefaults.metrics[m]);
    }
  });
});
