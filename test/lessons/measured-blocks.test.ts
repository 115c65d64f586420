// Every measured number in a lesson lives in a generated block (lessons/README.md). Without running anything,
// this fails when a block cites a scenario, a metric, a series or a bench row that no longer exists, when its
// stamp no longer matches the scenario file or the world generator (its numbers may have moved), or when its
// generated text was edited by hand. Regenerate with `npm run lessons:measure -- --lesson <id>`.
// The tiny run of each scenario (test/scenario/all-scenarios.test.ts) checks the cited names against a real run.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenario/catalog.js';
import { bodySum } from '../../src/scenario/lesson-blocks.js';
import { checkLessonBlocks, currentStamp, readBenchResults, type RunNames } from '../../src/scenario/lesson-measure.js';

describe('the lessons’ generated blocks', () => {
  it('are all current: scenarios and names exist, stamps match, nothing edited by hand', async () => {
    expect(await checkLessonBlocks()).toEqual([]);
  });
});

describe('the check catches', async () => {
  const s = await findScenario('diversity-tradeoff');
  const stamp = currentStamp(s);
  const names: Record<string, RunNames> = {
    'diversity-tradeoff|tiny|42|sweep|': { stamp, scale: 'tiny', metrics: ['ndcg_at_10', 'catalog_coverage'], series: { 'lambda-sweep': ['lambda', 'ndcg_at_10'] }, tables: [], latency: [] },
  };
  const block = (spec: string, body = 'generated\n', st = stamp, sum = bodySum(body)) =>
    ({ id: 'x', path: 'x.md', text: `<!-- measured: ${spec} -->\n${body}<!-- /measured stamp=${st} sum=${sum} -->\n` });
  const check = (text: { id: string; path: string; text: string }) => checkLessonBlocks([text], names, { entries: readBenchResults().entries });

  it('nothing in a current block', async () => {
    expect(await check(block('scenario=diversity-tradeoff scale=tiny metrics=ndcg_at_10,catalog_coverage'))).toEqual([]);
  });

  it('a scenario that does not exist', async () => {
    expect(await check(block('scenario=gone scale=tiny metrics=a'))).toEqual([expect.stringMatching(/scenario "gone" does not exist/)]);
  });

  it('a metric the scenario neither declares nor reported', async () => {
    expect(await check(block('scenario=diversity-tradeoff scale=tiny metrics=ndcg_at_10,ndcg_at_11'))).toEqual([expect.stringMatching(/metric "ndcg_at_11"/)]);
  });

  it('a series column the last run did not report', async () => {
    expect(await check(block('scenario=diversity-tradeoff scale=tiny series=lambda-sweep columns=gini'))).toEqual([expect.stringMatching(/no column "gini"/)]);
  });

  it('a stamp from another version of the scenario file or the world', async () => {
    expect(await check(block('scenario=diversity-tradeoff scale=tiny metrics=ndcg_at_10', 'generated\n', '5:000000000000'))).toEqual([expect.stringMatching(/stamp 5:000000000000 ≠ /)]);
  });

  it('a generated body edited by hand', async () => {
    expect(await check(block('scenario=diversity-tradeoff scale=tiny metrics=ndcg_at_10', 'hand-typed 0.9\n', stamp, bodySum('generated\n')))).toEqual([expect.stringMatching(/edited by hand/)]);
  });

  it('a block never generated', async () => {
    expect(await check({ id: 'x', path: 'x.md', text: '<!-- measured: scenario=diversity-tradeoff scale=tiny metrics=ndcg_at_10 -->\n<!-- /measured -->\n' }))
      .toEqual([expect.stringMatching(/never generated/)]);
  });

  it('an inline value reading a metric that does not exist', async () => {
    const text = block('scenario=diversity-tradeoff scale=tiny metrics=ndcg_at_10 id=x').text + 'and <!-- value: x metric=nope -->1<!-- /value -->\n';
    expect(await check({ id: 'x', path: 'x.md', text })).toEqual([expect.stringMatching(/x.md:4: diversity-tradeoff neither declares nor reported metric "nope"/)]);
  });

  it('a bench row that is not in bench/results.json', async () => {
    const entry = Object.entries(readBenchResults().entries)[0];
    if (!entry) return;
    const [id, e] = entry;
    expect(await check(block(`bench=${id} rows="no such row"`, 'generated\n', `bench:${e.at}`))).toEqual([expect.stringMatching(/has no row "no such row"/)]);
  });
});
