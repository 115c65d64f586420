// The catalog the topic files walk: every scenario names a registered experiment, every topic has its test file,
// and every snapshot belongs to a scenario that still exists (and every scenario has one).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { experimentIds } from '../../../src/experiments/index.js';
import { listScenarios } from '../../../src/scenario/catalog.js';
import { TOPICS } from '../../../src/scenario/types.js';
import { goldenDir } from '../../helpers/golden.js';

const scenarios = await listScenarios();

describe('the scenario catalog', () => {
  it('has at least the two foundation scenarios', () => {
    expect(scenarios.map((s) => s.id)).toEqual(expect.arrayContaining(['ann-recall-latency', 'two-stage-why']));
  });

  it('names registered experiments only', () => {
    const known = experimentIds();
    expect(scenarios.filter((s) => !known.includes(s.experiment)).map((s) => `${s.id} → ${s.experiment}`)).toEqual([]);
  });

  it('has a test file for every topic', () => {
    expect(TOPICS.filter((t) => !existsSync(join(import.meta.dirname, `${t}.test.ts`)))).toEqual([]);
  });

  it('has one snapshot per scenario and none for a scenario that is gone', () => {
    const snapshots = readdirSync(goldenDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
    expect(snapshots).toEqual(scenarios.map((s) => s.id).sort());
  });
});
