// Every scenario in scenarios/ runs at tiny scale through the shared runner, emits a valid
// recsys-lab/run@2 document, and every claim evaluates (holding or not, it must compute).
import { describe, expect, it } from 'vitest';
import { listScenarios } from '../../src/scenario/catalog.js';
import { runResultSchema } from '../../src/scenario/result-schema.js';
import { experimentIds } from '../../src/experiments/index.js';
import { namesCitedFrom, namesOf } from '../../src/scenario/lesson-measure.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

const scenarios = await listScenarios();

describe('every scenario at tiny scale', () => {
  it('has at least the two foundation scenarios', () => {
    expect(scenarios.map((s) => s.id)).toEqual(expect.arrayContaining(['ann-recall-latency', 'two-stage-why']));
  });

  it('names registered experiments only', () => {
    const known = experimentIds();
    expect(scenarios.filter((s) => !known.includes(s.experiment)).map((s) => `${s.id} → ${s.experiment}`)).toEqual([]);
  });

  for (const s of scenarios) {
    it(`${s.id} runs and its claims evaluate`, { timeout: 120_000 }, async () => {
      const result = await runScenarioForTest(s.id);
      const parsed = runResultSchema.safeParse(result);
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
      expect(result.claims).toHaveLength(s.claims.length);
      expect(result.claims.filter((c) => c.error).map((c) => `${c.text}: ${c.error}`)).toEqual([]);
      for (const m of s.headline) expect(Object.keys(result.metrics)).toContain(m);
      for (const p of s.predictions) expect(Object.keys(result.metrics)).toContain(p.metric);
      for (const v of Object.values(result.metrics)) expect(Number.isNaN(v)).toBe(false);
      // what the lessons' generated blocks read from this scenario is still reported (lessons/README.md)
      const reported = namesOf(result, '');
      const gone = namesCitedFrom(s.id).flatMap((c) => [
        ...c.metrics.filter((m) => !(m in result.metrics)).map((m) => `${c.where}: metric ${m}`),
        ...c.tables.filter((t) => !reported.tables.includes(t)).map((t) => `${c.where}: table ${t}`),
        ...c.latency.filter((l) => !reported.latency.includes(l)).map((l) => `${c.where}: latency ${l}`),
        ...Object.entries(c.series).flatMap(([name, cols]) => (reported.series[name]
          ? cols.filter((col) => !reported.series[name].includes(col)).map((col) => `${c.where}: series ${name} column ${col}`)
          : [`${c.where}: series ${name}`])),
      ]);
      expect(gone).toEqual([]);
    });
  }
});
