// The scenario-wide benches' helpers: which claims are timing claims (known from the YAML, before any run), and the
// pool that runs quality-only scenarios side by side.
import { describe, expect, it } from 'vitest';
import { pool, readsTiming, scenariosWithTimingClaims } from '../../bench/cli-run.js';

describe('timing claims, read from the expression', () => {
  it('is a timing claim when it reads a latency, a speed-up, a time ratio or a crossover', () => {
    expect(readsTiming('recall_at_10 >= 0.95 and p99_ms < 1')).toBe(true);
    expect(readsTiming('encode_cost_ratio_all_vs_truncate >= 10 or speedup_hnsw > 2')).toBe(true);
    expect(readsTiming('store_read_p99_ms < 1')).toBe(true);
    // a ratio of two encode times, named without a unit: known as a clock's from the snapshots' list
    expect(readsTiming('encode_cost_ratio_all_vs_truncate >= 10')).toBe(true);
  });
  it('is not one when every metric it reads is a quality figure', () => {
    expect(readsTiming('regret_thompson < regret_epsilon_greedy')).toBe(false);
    expect(readsTiming('max_ndcg_drop_taste_change > qualityDropTolerance and alert_day_taste_change < 0')).toBe(false);
  });
  it('finds ann-recall-latency timed and drift-psi not, from the catalog', async () => {
    const t = await scenariosWithTimingClaims(['ann-recall-latency', 'drift-psi']);
    expect([...t]).toEqual(['ann-recall-latency']);
    expect([...(await scenariosWithTimingClaims(['two-tower-history']))]).toEqual(['two-tower-history']);
  });
});

describe('the pool', () => {
  it('keeps the items’ order and never runs more than `jobs` at once', async () => {
    let running = 0;
    let most = 0;
    const out = await pool([5, 1, 4, 2, 3], 2, async (x) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, x));
      running--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});
