// "A clock made this metric": the snapshots leave such metrics out, findings that read one move by the clock, and the
// benches time a claim that reads one alone. Held against names worked by hand, both ways.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOCK_DERIVED, isClockMetric } from '../../src/scenario/clock-metrics.js';

const src = join(import.meta.dirname, '..', '..', 'src');

/** Every .ts file under src/experiments and src/scenario but the list's own, as text. */
function reportingSources(): string {
  return ['experiments', 'scenario']
    .flatMap((dir) => readdirSync(join(src, dir), { recursive: true, encoding: 'utf8' }).map((f) => join(src, dir, f)))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('clock-metrics.ts'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

describe('clock metrics', () => {
  it('are the names with a time unit, a rate, a speed-up, a growth factor, a time ratio or a timing crossover', () => {
    for (const name of ['p99_ms', 'store_read_p99_ms', 'ms', 'rank_re_p50_ms_ci', 'encode_us_p50', 'train_seconds', 'build_s', 'items_per_s', 'qps', 'hnsw_qps', 'maxqps', 'rps_at_slo', 'speedup_hnsw', 'batch_speedup', 'latency_growth_x', 'train_time_ratio', 'crossover_n']) {
      expect(isClockMetric(name), name).toBe(true);
    }
  });

  it('are the timing-derived names the list gives, though their names do not say so', () => {
    for (const name of ['encode_cost_ratio_all_vs_truncate', 'full_n', 'cross_n', 'unaccounted_pct', 'from_cache', 'cross_budget_items']) {
      expect(isClockMetric(name), name).toBe(true);
    }
  });

  it('are not quality figures, counts or names that merely contain the letters', () => {
    for (const name of ['recall_at_10', 'ndcg_at_10', 'regret_thompson', 'alert_day_taste_change', 'users', 'users_kept', 'status_code', 'mse', 'items_n', 'bus_factor', 'max_x_value', 'constructor', 'toString']) {
      expect(isClockMetric(name), name).toBe(false);
    }
  });

  it('list no derived name that no experiment reports any more (a renamed metric leaves no stale entry)', () => {
    const text = reportingSources();
    const stale = Object.keys(CLOCK_DERIVED).filter((name) => !new RegExp(`\\b${name}\\b`).test(text));
    expect(stale).toEqual([]);
  });
});
