// Every system-design scenario at tiny scale: runs, claims evaluate, metrics equal the snapshot (see test/helpers/scenario-suite.ts),
// with each scenario's own checks on the same default run.
import { expect } from 'vitest';
import { describeTopic } from '../../helpers/scenario-suite.js';

await describeTopic('system-design', {
  // the catalog sweep is capped by max_items at tiny scale; both paths are timed (never asserted)
  'two-stage-why': (r) => {
    const sweep = r.series.find((s) => s.name === 'items-sweep')!;
    expect(sweep.points.map((p) => p.items)).toEqual([1000, 3000, 5000]);
    for (const p of sweep.points) {
      expect(Number(p.full_p50_ms)).toBeGreaterThan(0);
      expect(Number(p.two_stage_p50_ms)).toBeGreaterThan(0);
      expect(Number(p.overlap_at_10)).toBeGreaterThanOrEqual(0);
      expect(Number(p.overlap_at_10)).toBeLessThanOrEqual(1);
    }
    expect(r.metrics.items).toBe(5000);
  },
});
