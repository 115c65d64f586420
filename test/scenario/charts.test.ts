import { describe, expect, it } from 'vitest';
import { barChart, lineChart } from '../../src/scenario/format/charts.js';

describe('text charts', () => {
  it('puts the highest point on the top row and the lowest on the bottom row', () => {
    const lines = lineChart([{ name: 'recall', points: [{ x: 1, y: 0.5 }, { x: 2, y: 0.9 }, { x: 3, y: 0.99 }] }], { width: 40, height: 6 });
    const plot = lines.filter((l) => l.includes('┤'));
    expect(plot).toHaveLength(6);
    expect(plot[0]).toContain('●');
    expect(plot[0]).toMatch(/^\s*1\.0 ┤/); // the axis runs to the nice value above 0.99
    expect(plot[5]).toContain('●');
    expect(plot[5]).toMatch(/^\s*0\.5 ┤/);
  });

  it('draws bars proportional to the values and marks the budget', () => {
    const lines = barChart([{ label: 'ann', value: 1 }, { label: 'rank', value: 4 }], { width: 50, budget: 8, unit: 'ms' });
    const len = (l: string): number => (l.match(/█/g) ?? []).length;
    expect(len(lines[1])).toBeGreaterThanOrEqual(3.5 * len(lines[0]));
    expect(lines.at(-1)).toContain('budget 8 ms');
  });

  it('says so instead of drawing an empty chart', () => {
    expect(lineChart([])).toEqual(['(no points to chart)']);
    expect(barChart([])).toEqual(['(no values to chart)']);
  });

  it('prints every x tick of an ef sweep apart on a log axis ("10" and "20", never "1020")', () => {
    const pts = [10, 20, 50, 100, 200, 400].map((x, i) => ({ x, y: 0.9 + i * 0.015 }));
    const lines = lineChart([{ name: 'recall@10', points: pts }], { width: 60, height: 6, logX: true, xLabel: 'HNSW ef' });
    const axis = lines[lines.findIndex((l) => l.includes('└')) + 1];
    const labels = axis.trim().split(/\s+/);
    expect(labels).toEqual(expect.arrayContaining(['10', '20', '400']));
    expect(axis).not.toContain('1020');
    expect(lines.join('\n')).toContain('HNSW ef (log scale)');
  });

  it('labels y at nice values with the precision their step needs', () => {
    const pts = [1, 2, 3, 4].map((x, i) => ({ x, y: [0.914, 0.9343, 0.9512, 0.9601][i] }));
    const ys = lineChart([{ name: 'r', points: pts }], { width: 50, height: 8 })
      .filter((l) => l.includes('┤'))
      .map((l) => l.split('┤')[0].trim())
      .filter(Boolean);
    expect(ys.length).toBeGreaterThanOrEqual(2);
    // one precision for all, at most three decimals (0.925, 0.950 — never 0.9140, 0.9343)
    expect(new Set(ys.map((y) => y.split('.')[1].length)).size).toBe(1);
    for (const y of ys) expect(y).toMatch(/^0\.\d{1,3}$/);
  });

  it('draws a claim threshold as a dashed row and names it', () => {
    const lines = lineChart([{ name: 'p99', points: [{ x: 1, y: 2 }, { x: 2, y: 8 }] }], { width: 40, height: 6, rules: [{ value: 5, label: 'claim: < 5 ms' }] });
    expect(lines.some((l) => l.includes('┤') && l.includes('┄'))).toBe(true);
    expect(lines.at(-1)).toContain('┄ claim: < 5 ms');
  });

  it('says a far-away threshold is off the chart instead of squashing the data', () => {
    const lines = lineChart([{ name: 'p99', points: [{ x: 1, y: 2 }, { x: 2, y: 3 }] }], { width: 40, height: 6, rules: [{ value: 100, label: 'claim: < 100 ms' }] });
    expect(lines.at(-1)).toContain("claim: < 100 ms: off this chart's range");
    expect(lines.some((l) => l.includes('┤') && l.includes('┄'))).toBe(false);
  });
});

