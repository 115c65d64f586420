// Chart labels are declared once (scenarios/metrics.yaml), like knobs: every metric key a scenario charts has
// words and, where it has one, a unit; patterns cover families; a scenario can say what a metric means for it.
import { describe, expect, it } from 'vitest';
import { listScenarios } from '../../src/scenario/catalog.js';
import { axisTitle, chartedKeys, findMetricLabel, isMetricKey, parseMetricLabels } from '../../src/scenario/metric-labels.js';
import { parseScenario } from '../../src/scenario/schema.js';

const scenarios = await listScenarios();

describe('metric labels', () => {
  it('label every metric key any scenario charts (x quantities, line metrics, latency fields, table keys)', () => {
    const missing = scenarios.flatMap((s) => chartedKeys(s).filter((k) => !findMetricLabel(k, s)).map((k) => `${s.id}: ${k}`));
    expect(missing, 'add these to scenarios/metrics.yaml (or the scenario\'s labels:)').toEqual([]);
  });

  it('are words, not the snake_case key again', () => {
    for (const s of scenarios) for (const k of chartedKeys(s).filter((x) => x.includes('_'))) expect(findMetricLabel(k, s)!.label, k).not.toBe(k);
  });

  it('match a pattern when no exact name is declared, with the * part in words', () => {
    const labels = parseMetricLabels('p99_ms: { label: p99 latency, unit: ms }\n"*_p99_ms": { label: "p99 latency, {*} stage", unit: ms }\n', 'test.yaml');
    expect(findMetricLabel('p99_ms', undefined, labels)).toEqual({ label: 'p99 latency', unit: 'ms' });
    expect(findMetricLabel('rank_re_p99_ms', undefined, labels)).toEqual({ label: 'p99 latency, rank re stage', unit: 'ms' });
    expect(findMetricLabel('recall_at_10', undefined, labels)).toBeNull();
  });

  it('take a scenario\'s own labels over the shared file', () => {
    const yaml = [
      'id: label-override', 'title: T', 'topic: deep-dives', 'section: S', 'question: Q', 'lesson: l', 'experiment: e',
      'labels: { recall_at_10: { label: recall@10 of the ids-only model } }',
    ].join('\n');
    const s = parseScenario(yaml, 'label-override.yaml');
    expect(findMetricLabel('recall_at_10', s)).toEqual({ label: 'recall@10 of the ids-only model' });
  });

  it('reject a malformed entry naming the file and the field', () => {
    expect(() => parseMetricLabels('recall_at_10: { words: recall }\n', 'metrics.yaml')).toThrow(/metrics\.yaml: invalid metric labels[\s\S]*recall_at_10/);
    expect(() => parseMetricLabels('"a*b*": { label: x }\n', 'metrics.yaml')).toThrow(/one \* at most/);
  });

  it('title an axis as "label (unit)", and tell keys from words', () => {
    expect(axisTitle({ label: 'p99 latency', unit: 'ms' })).toBe('p99 latency (ms)');
    expect(axisTitle({ label: 'recall@10' })).toBe('recall@10');
    expect(isMetricKey('full_p99_ms')).toBe(true);
    expect(isMetricKey('test AUC')).toBe(false);
    expect(isMetricKey('two-tower')).toBe(false);
  });

  it('is not mistaken for a scenario', () => {
    expect(scenarios.map((s) => s.id)).not.toContain('metrics');
  });
});
