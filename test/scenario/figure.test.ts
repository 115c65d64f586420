// What a chart shows before it is drawn: thresholds read off the claims, metrics grouped by unit, intervals
// aligned with points, a log axis for a log-spaced sweep, and the same chart in the terminal.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenario/catalog.js';
import { figureLines } from '../../src/scenario/format/charts.js';
import { chartFigures, runFigures, type LineFigure } from '../../src/scenario/format/figure.js';
import { claimThresholds, evalConstant } from '../../src/scenario/format/thresholds.js';
import { syntheticRun } from '../helpers/synthetic-run.js';

describe('claim thresholds', () => {
  it('read `metric op constant` terms, constants over params included', () => {
    const t = claimThresholds(
      [
        { text: 'fast', expr: 'p99_ms < budgetMs / 10 and rank_p99_ms <= 5' },
        { text: 'good', expr: '0.95 <= recall_at_10' },
      ],
      { budgetMs: 100 },
    );
    expect(t.map((x) => [x.metric, x.op, x.value])).toEqual([['p99_ms', '<', 10], ['rank_p99_ms', '≤', 5], ['recall_at_10', '≥', 0.95]]);
  });

  it('skip terms that hold only sometimes or compare two metrics', () => {
    const t = claimThresholds(
      [
        { text: 'a', expr: 'not equalText(candidate, "broken") or canary_max_fraction < 0.5' },
        { text: 'b', expr: 'recall_at_100 > mf_recall_at_100' },
        { text: 'c', expr: 'abs(slow_request_share - expected_slow_share) < 0.02' },
        { text: 'd', expr: 'reaches_recall_095 == 1' },
      ],
      {},
    );
    expect(t).toEqual([]);
  });

  it('evaluate arithmetic over numbers and numeric params only', () => {
    expect(evalConstant('2 * (budgetMs - 20) / 4', { budgetMs: 100 })).toBe(40);
    expect(evalConstant('-1.5e2', {})).toBe(-150);
    expect(evalConstant('other_metric * 2', {})).toBeNull();
    expect(evalConstant('mode', { mode: 'fast' })).toBeNull();
  });
});

describe('figures of a run', () => {
  it('draw p99 metrics of one unit on one axis, with the claim threshold and the series intervals', async () => {
    const scenario = await findScenario('latency-budget');
    const result = syntheticRun(scenario);
    const chart = scenario.show.charts.find((c) => c.type === 'line')!;
    const [fig] = chartFigures(result, scenario, chart) as LineFigure[];
    expect(fig.keys).toEqual(chart.y);
    expect(fig.y.title).toMatch(/\(ms\)$/);
    expect(fig.lines).toHaveLength(chart.y.length);
    // claims: p99_ms < budgetMs / 10 and rank_p99_ms < 5 (budgetMs = 100; p99_ms < budgetMs is also a claim)
    expect(fig.rules.map((r) => r.value).sort((a, b) => a - b)).toEqual([5, 10, 100]);
    const series = result.series.find((s) => s.name === chart.from)!;
    const first = fig.lines[0].points[0];
    expect([first.lo, first.hi]).toEqual(series.ci![0][chart.y[0]]);
  });

  it('split metrics of different units into one figure per unit', async () => {
    const scenario = await findScenario('diversity-tradeoff');
    const cap = scenario.show.charts.find((c) => c.from === 'cap-sweep')!;
    const figs = chartFigures(syntheticRun(scenario), scenario, cap) as LineFigure[];
    expect(figs.map((f) => f.keys)).toEqual([['ndcg_at_10', 'catalog_coverage'], ['distinct_categories_at_10']]);
  });

  it('chooses a log x axis for the ef sweep and a linear one for days', async () => {
    const ann = await findScenario('ann-recall-latency');
    expect((runFigures(syntheticRun(ann), ann)[0] as LineFigure).x.scale).toBe('log');
    const ab = await findScenario('ab-test');
    expect((runFigures(syntheticRun(ab), ab)[0] as LineFigure).x.scale).toBe('linear');
  });

  it('obeys a chart\'s xScale knob', async () => {
    const ann = await findScenario('ann-recall-latency');
    const chart = { ...ann.show.charts[0], xScale: 'linear' as const };
    expect((chartFigures(syntheticRun(ann), ann, chart)[0] as LineFigure).x.scale).toBe('linear');
  });

  it('keep a bar chart\'s budget on the axis however far the bars are below it', async () => {
    const scenario = await findScenario('latency-budget');
    const bars = runFigures(syntheticRun(scenario), scenario).find((f) => f.kind === 'bars')!;
    expect(bars.rules.find((r) => r.value === 100)).toMatchObject({ always: true, label: 'budget 100 ms' });
    const lines = figureLines(bars, 72);
    expect(lines.join('\n')).toContain('│ budget 100 ms');
  });

  it('draw the same figure in the terminal with words and units on the axes', async () => {
    const ann = await findScenario('ann-recall-latency');
    const fig = runFigures(syntheticRun(ann), ann).find((f) => f.kind === 'line' && f.keys[0] === 'p99_ms')!;
    const text = figureLines(fig, 72).join('\n');
    expect(text).toContain('p99 latency (ms)');
    expect(text).toContain('(log scale)');
    expect(text).not.toContain('p99_ms');
  });
});
