// Every system-design scenario at tiny scale: runs, claims evaluate, metrics equal the snapshot (see test/helpers/scenario-suite.ts),
// with each scenario's own checks on the same default run.
import { expect } from 'vitest';
import { catalogSizes } from '../../../src/experiments/two-stage-why.js';
import { findScenario } from '../../../src/scenario/catalog.js';
import { describeTopic } from '../../helpers/scenario-suite.js';

const twoStageSweep = (await findScenario('two-stage-why')).sweep!.values.map(Number);

await describeTopic('system-design', {
  // the catalog sweep is capped by max_items (the suite's knob; catalogSizes, whose cap rule
  // test/experiments/two-stage-why.test.ts checks, says which sizes that leaves); both paths are timed (never asserted)
  'two-stage-why': (r) => {
    const sweep = r.series.find((s) => s.name === 'items-sweep')!;
    const sizes = catalogSizes(twoStageSweep, Number(r.params.items), Number(r.params.max_items));
    expect(sizes.at(-1)).toBe(r.params.max_items);
    expect(sweep.points.map((p) => p.items)).toEqual(sizes);
    for (const p of sweep.points) {
      expect(Number(p.full_p50_ms)).toBeGreaterThan(0);
      expect(Number(p.two_stage_p50_ms)).toBeGreaterThan(0);
      expect(Number(p.overlap_at_10)).toBeGreaterThanOrEqual(0);
      expect(Number(p.overlap_at_10)).toBeLessThanOrEqual(1);
      expect(Number(p.full_n)).toBeGreaterThanOrEqual(3);
    }
    expect(r.metrics.items).toBe(r.params.max_items);
    expect(r.claims.every((c) => c.kind === 'finding')).toBe(true);
    // the two-stage path always has the calls a p99 needs; the full scan's "p99" is its maximum when it has fewer
    const two = r.latency['two-stage total'];
    expect(two.n).toBeGreaterThanOrEqual(100);
    expect(two.tail).toBeUndefined();
    const full = r.latency['full catalog'];
    expect(full.n).toBe(r.metrics.full_n);
    if (full.n < 100) {
      expect(full.tail).toBe('max');
      expect(full.p99_ms).toBe(full.max_ms);
      expect(r.intervals?.full_p99_ms).toBeUndefined();
    }
    // claims read what the sample decides: the full scan's median and cost per item, and a mean over users
    for (const m of ['full_p50_ms', 'full_ms_per_1m_items', 'two_stage_p99_ms', 'overlap_at_10', 'two_stage_within_budget_everywhere']) {
      expect(r.intervals?.[m], m).toBeDefined();
    }
  },
});
