// The catalog the topic files walk: every scenario names a registered experiment, every topic has its test file,
// and every snapshot belongs to a scenario that still exists (and every scenario has one).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { experimentIds } from '../../../src/experiments/index.js';
import { listScenarios } from '../../../src/scenario/catalog.js';
import { TOPICS } from '../../../src/scenario/types.js';
import { goldenDir } from '../../helpers/golden.js';
import { TOPIC_PARTS, topicFile } from '../../helpers/scenario-suite.js';

const scenarios = await listScenarios();

describe('the scenario catalog', () => {
  it('has at least the two foundation scenarios', () => {
    expect(scenarios.map((s) => s.id)).toEqual(expect.arrayContaining(['ann-recall-latency', 'two-stage-why']));
  });

  it('names registered experiments only', () => {
    const known = experimentIds();
    expect(scenarios.filter((s) => !known.includes(s.experiment)).map((s) => `${s.id} → ${s.experiment}`)).toEqual([]);
  });

  it('has a test file for every topic, and for every part of a topic split in parts', () => {
    const files = TOPICS.flatMap((t) => Array.from({ length: TOPIC_PARTS[t] ?? 1 }, (_, i) => topicFile(t, i + 1)));
    expect(files.filter((f) => !existsSync(join(import.meta.dirname, f)))).toEqual([]);
    // and no topic file beyond those (a part left over when TOPIC_PARTS shrinks would run nothing)
    const topicFiles = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.test.ts') && f !== 'catalog.test.ts');
    expect(topicFiles.sort()).toEqual([...files].sort());
  });

  it('has one snapshot per scenario and none for a scenario that is gone', () => {
    const snapshots = readdirSync(goldenDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
    expect(snapshots).toEqual(scenarios.map((s) => s.id).sort());
  });
});
