import { describe, expect, it } from 'vitest';
import { barChart, lineChart } from '../../src/scenario/format/charts.js';

describe('text charts', () => {
  it('puts the highest point on the top row and the lowest on the bottom row', () => {
    const lines = lineChart([{ name: 'recall', points: [{ x: 1, y: 0.5 }, { x: 2, y: 0.9 }, { x: 3, y: 0.99 }] }], { width: 40, height: 6 });
    const plot = lines.filter((l) => l.includes('┤'));
    expect(plot).toHaveLength(6);
    expect(plot[0]).toContain('●');
    expect(plot[0]).toContain('0.99');
    expect(plot[5]).toContain('●');
    expect(plot[5]).toContain('0.5');
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
});
