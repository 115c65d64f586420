// design compare: each figure per design with its delta against the first, by hand on made-up scorecards.
import { describe, expect, it } from 'vitest';
import { compareJson, compareScorecards, formatCompareMarkdown, formatCompareText } from '../../src/scenario/design-compare.js';
import type { DesignDocument, ScorecardRow } from '../../src/scenario/design-report.js';

function doc(id: string, rows: Partial<Record<string, number>>, interval?: [number, number]): DesignDocument {
  const scoreRows: ScorecardRow[] = Object.entries(rows).map(([metric, value]) => ({ metric, label: metric, unit: '', value: value!, ...(interval ? { interval } : {}) }));
  return {
    schema: 'recsys-lab/design@1',
    design: { id, title: `${id} title`, file: `${id}.yaml`, question: 'q', scale: 'tiny', stages: {} as DesignDocument['design']['stages'] },
    scorecard: { rows: scoreRows, requests: 300, bindingStage: { stage: 'rank', share: 0.5 }, biggestQualityLoss: { step: 'embeddings', recallAt100: 0.2 }, verdicts: [{ text: 'p99 inside the budget', kind: 'finding', verdict: id === 'a' ? 'holds' : 'fails' }] },
    run: { seed: 42 } as DesignDocument['run'],
  };
}

describe('compareScorecards', () => {
  const a = doc('a', { recall_at_100: 0.3, p99_ms: 30 }, [0.25, 0.35]);
  const b = doc('b', { recall_at_100: 0.2, p99_ms: 12.5 });
  const c = doc('c', { recall_at_100: 0.45 });

  it('gives each design its value and its delta against the first, in scorecard order', () => {
    const rows = compareScorecards([a, b, c]);
    expect(rows.map((r) => r.metric)).toEqual(['recall_at_100', 'p99_ms']);
    expect(rows[0].values).toEqual([0.3, 0.2, 0.45]);
    expect(rows[0].deltas[0]).toBe(0);
    expect(rows[0].deltas[1]).toBeCloseTo(-0.1, 12);
    expect(rows[0].deltas[2]).toBeCloseTo(0.15, 12);
    expect(rows[1].deltas).toEqual([0, -17.5, undefined]); // c has no latency figure: no delta
    expect(rows[0].intervals).toEqual([[0.25, 0.35], undefined, undefined]);
  });

  it('prints signed deltas, the verdicts per design and where each binds', () => {
    const text = formatCompareText([a, b]);
    expect(text).toMatch(/end-to-end p99 at the target QPS \(ms\)\s+30\.000\s+12\.500 \(−17\.500\)/);
    expect(text).toContain('✗ p99 inside the budget');
    expect(text).toContain('b: latency binds at rank (50%)');
    expect(formatCompareMarkdown([a, b])).toContain('| figure | a (baseline) | b (Δ) |');
    expect(JSON.parse(compareJson([a, b])).schema).toBe('recsys-lab/design-compare@1');
    expect(text).not.toContain('busy machine');
  });

  it('warns before the table when a design was measured on a busy machine', () => {
    const busy = { ...b, scorecard: { ...b.scorecard, busy: 'measured on a busy machine (load average 9.00 on 2 cores)' } };
    const text = formatCompareText([a, busy]);
    expect(text.indexOf('⚠ b: measured on a busy machine')).toBeGreaterThan(0);
    expect(text.indexOf('⚠ b:')).toBeLessThan(text.indexOf('figure'));
    expect(formatCompareMarkdown([a, busy])).toContain('> ⚠️ b: measured on a busy machine');
  });
});
