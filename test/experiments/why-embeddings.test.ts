// why-embeddings at tiny scale: at the defaults every claim holds and the byte counts are the arithmetic they say;
// at the scenario's contrast setting (co-occurrence from each user's last three items, an id-only two-tower, one
// BPR epoch) every finding fails — the claims are promises that can break, and this is the setting that breaks them.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenario/catalog.js';
import type { RunResult } from '../../src/scenario/types.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

const scenario = await findScenario('why-embeddings');
let defaultsRun: Promise<RunResult> | undefined;
/** One run at the defaults, shared by both tests. */
const atDefaults = () => (defaultsRun ??= runScenarioForTest('why-embeddings'));

describe('why-embeddings at tiny scale', () => {
  it('holds every claim at the defaults, with memory figures that follow from the world\'s sizes', async () => {
    const r = await atDefaults();
    expect(r.claims.map((c) => [c.text, c.verdict])).toEqual(scenario.claims.map((c) => [c.text, 'holds']));
    const m = r.metrics;
    const users = 2000; // the tiny world's sizes (src/data/presets.ts)
    const items = 5000;
    const mfDim = Number(r.params.mfDim);
    expect(m.dense_matrix_bytes).toBe(users * items * 4);
    expect(m.mf_bytes).toBe(((users + items) * mfDim + items) * 4);
    expect(m.cooccurrence_bytes).toBe(m.cooccurrence_pairs * 8 + (items + 1) * 4);
    // co-occurrence has no row for an item nobody engaged with: its cold-item recall is exactly zero
    expect(m.cf_recall_at_100_cold_items).toBe(0);
    expect(m.eval_users_sparse).toBeGreaterThan(50);
    expect(m.cf_filled_share_sparse_users).toBeGreaterThan(0);
    expect(m.cf_filled_share_sparse_users).toBeLessThanOrEqual(1);
  }, 120_000);

  it('fails every finding at one of the two wrong settings its YAML names, while the check holds at both', async () => {
    expect(scenario.contrast).toBeDefined();
    const defaults = await atDefaults();
    // the contrast setting (thin co-occurrence, id-only two-tower, one BPR epoch) and thin co-occurrence alone
    // (fewer eval users: the gaps there are wide, and the run is quicker)
    const contrast = await runScenarioForTest('why-embeddings', { params: scenario.contrast });
    const thin = await runScenarioForTest('why-embeddings', { params: { cfMaxHistory: 2, evalUsers: 800 } });
    for (const [i, c] of scenario.claims.entries()) {
      const verdicts = [contrast.claims[i].verdict, thin.claims[i].verdict];
      if (c.kind === 'check') expect(verdicts, c.text).toEqual(['holds', 'holds']);
      else expect(verdicts, c.text).toContain('fails');
      // as the contrast promises: some metric the finding reads moves there
      const read = Object.keys(defaults.claims[i].observed);
      if (c.kind !== 'check') expect(read.some((m) => contrast.metrics[m] !== defaults.metrics[m]), c.text).toBe(true);
    }
  }, 240_000);
});
