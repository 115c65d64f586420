// `npm run lessons:measure` without running any scenario: a fake runner stands in for runScenario, so these check
// the generator's bookkeeping — one run per distinct (scenario, scale, seed, knobs), blocks and inline values
// filled, a second pass changing nothing, --stale skipping current blocks, and a bad block reported, not fatal.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenario/catalog.js';
import { checkLessonBlocks, currentStamp, measureLessons, type LessonFile, type RunNames } from '../../src/scenario/lesson-measure.js';
import type { RunResult } from '../../src/scenario/types.js';

const scenario = await findScenario('diversity-tradeoff');

function fakeRun(ndcg: number) {
  const calls: string[] = [];
  const run = async (_s: unknown, src: { scenario: string; set: Record<string, string> }): Promise<RunResult> => {
    calls.push(`${src.scenario} ${JSON.stringify(src.set)}`);
    return {
      schema: 'recsys-lab/run@2', scenario: src.scenario, title: 't', seed: 42, scale: 'tiny', params: {},
      environment: { node: 'v20', tfjsBackend: 'none', cpus: 2 },
      metrics: { ndcg_at_10: ndcg, mmr_ndcg_at_10: ndcg - 0.01 },
      series: [{ name: 'lambda-sweep', x: 'lambda', points: [{ lambda: 1, ndcg_at_10: ndcg }] }],
      latency: {}, claims: [], durationMs: 1,
    };
  };
  return { calls, run };
}

const lesson = [
  '# L',
  '<!-- measured: scenario=diversity-tradeoff scale=tiny metrics=ndcg_at_10 id=a -->',
  '<!-- /measured -->',
  '',
  '<!-- measured: scenario=diversity-tradeoff scale=tiny series=lambda-sweep -->',
  '<!-- /measured -->',
  '',
  '<!-- measured: scenario=diversity-tradeoff scale=tiny set=lambda=0.3 metrics=mmr_ndcg_at_10 -->',
  '<!-- /measured -->',
  '',
  'NDCG was <!-- value: a metric=ndcg_at_10 digits=2 --><!-- /value --> in the run above.',
  '',
].join('\n');

function harness(text: string) {
  const files: LessonFile[] = [{ id: 'l', path: 'l.md', text }];
  const names: Record<string, RunNames> = {};
  const io = {
    files, bench: { entries: {} }, names,
    writeLesson: (f: LessonFile, t: string) => { f.text = t; },
    writeNames: (n: Record<string, RunNames>) => { Object.assign(names, n); },
  };
  const opts = (run: ReturnType<typeof fakeRun>['run'], extra = {}) => ({
    meta: { commit: 'c', machine: 'm', date: 'd' }, loadAverage: () => 0, log: () => {}, run: run as never, io, ...extra,
  });
  return { files, names, opts };
}

describe('lessons:measure', () => {
  it('runs each distinct run once, fills blocks and inline values, and records the names the run reported', async () => {
    const h = harness(lesson);
    const fake = fakeRun(0.8123);
    const summary = await measureLessons(h.opts(fake.run));
    expect(fake.calls).toEqual(['diversity-tradeoff {}', 'diversity-tradeoff {"lambda":"0.3"}']);
    expect(summary).toMatchObject({ runs: 2, blocks: 3, inlines: 1, errors: [] });
    expect(h.files[0].text).toContain('| `ndcg_at_10` | 0.8123 |');
    expect(h.files[0].text).toContain('NDCG was <!-- value: a metric=ndcg_at_10 digits=2 -->0.81<!-- /value --> in the run above.');
    expect(h.files[0].text).toContain(`<!-- /measured stamp=${currentStamp(scenario)} sum=`);
    expect(Object.keys(h.names)).toEqual(['diversity-tradeoff|tiny|42|sweep|', 'diversity-tradeoff|tiny|42|sweep|lambda=0.3']);
    expect(h.names['diversity-tradeoff|tiny|42|sweep|'].metrics).toEqual(['mmr_ndcg_at_10', 'ndcg_at_10']);
    expect(await checkLessonBlocks(h.files, h.names, { entries: {} })).toEqual([]);
  });

  it('changes nothing on a second pass with the same results, and --stale then runs nothing', async () => {
    const h = harness(lesson);
    await measureLessons(h.opts(fakeRun(0.8123).run));
    const once = h.files[0].text;
    await measureLessons(h.opts(fakeRun(0.8123).run));
    expect(h.files[0].text).toBe(once);
    const fake = fakeRun(0.5);
    expect(await measureLessons(h.opts(fake.run, { staleOnly: true }))).toMatchObject({ runs: 0, blocks: 0 });
    expect(fake.calls).toEqual([]);
    expect(h.files[0].text).toBe(once);
  });

  it('rewrites the numbers when the run gives new ones', async () => {
    const h = harness(lesson);
    await measureLessons(h.opts(fakeRun(0.8123).run));
    await measureLessons(h.opts(fakeRun(0.7).run));
    expect(h.files[0].text).toContain('| `ndcg_at_10` | 0.7000 |');
    expect(h.files[0].text).not.toContain('0.8123');
  });

  it('reports a block that asks for a metric the run lacks, and still fills the others', async () => {
    const h = harness(lesson.replace('metrics=mmr_ndcg_at_10', 'metrics=nope'));
    const summary = await measureLessons(h.opts(fakeRun(0.8123).run));
    expect(summary.errors).toEqual([expect.stringMatching(/l\.md:8: metric "nope" is not in the run/)]);
    expect(summary.blocks).toBe(2);
  });

  it('refuses an unknown lesson, naming the known ones', async () => {
    const h = harness(lesson);
    await expect(measureLessons(h.opts(fakeRun(0.8).run, { lessons: ['nope'] }))).rejects.toThrow(/unknown lesson "nope"; lessons: l/);
  });
});
