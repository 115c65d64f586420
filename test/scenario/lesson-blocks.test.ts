// The generated blocks of the lessons: markers parse, a rewrite touches only the generated text, stamps follow the
// scenario file and the world version, and the rendered tables carry intervals, n and verdicts when the run has them.
import { describe, expect, it } from 'vitest';
import {
  applyReplacements, bodySum, parseBlockSpec, parseBlocks, runKey, scenarioStamp, tokenize,
} from '../../src/scenario/lesson-blocks.js';
import {
  evalArithmetic, renderBenchBlock, renderInlineFromRun, renderScenarioBlock, runCommand, type BenchEntry, type RunLike,
} from '../../src/scenario/lesson-blocks-render.js';
import { parseLesson, stripComments } from '../../src/scenario/lesson-parse.js';
import { renderMarkdown } from '../../src/scenario/format/terminal-markdown.js';
import type { Scenario } from '../../src/scenario/types.js';

const lesson = [
  '# A lesson',
  '',
  '<!-- measured: scenario=diversity-tradeoff scale=tiny metrics=ndcg_at_10,mmr_ndcg_at_10 claims=1 id=div n=users_evaluated -->',
  'old table',
  '<!-- /measured stamp=6:aaaaaaaaaaaa sum=00000000 -->',
  '',
  'In the run above MMR kept <!-- value: div metric=mmr_ndcg_at_10 digits=2 -->0.1<!-- /value --> of NDCG.',
  '',
  '```md',
  '<!-- measured: scenario=not-a-block scale=tiny metrics=x -->',
  '```',
  '',
].join('\n');

const run: RunLike = {
  schema: 'recsys-lab/run@2', scenario: 'diversity-tradeoff', title: 'D', seed: 42, scale: 'tiny', params: {},
  environment: { node: 'v20', tfjsBackend: 'none', cpus: 2 },
  metrics: { ndcg_at_10: 0.8366, mmr_ndcg_at_10: 0.83, users_evaluated: 300 },
  intervals: { mmr_ndcg_at_10: [0.82, 0.84] },
  series: [{ name: 'lambda-sweep', x: 'lambda', points: [{ lambda: 1, ndcg_at_10: 0.84 }, { lambda: 0, ndcg_at_10: 0.7 }], ci: [{ ndcg_at_10: [0.83, 0.85] }, {}] }],
  latency: { rerank: { n: 500, p50_ms: 0.5, p95_ms: 0.6, p99_ms: 0.7, mean_ms: 0.52, ci: { p99: [0.65, 0.8] } } },
  claims: [{ text: 'MMR diversifies', expr: 'a > b', kind: 'finding', holds: true, verdict: 'holds', share: 0.99, replicates: 1000, observed: { a: 2, b: 1 } }],
  durationMs: 10,
};
const scenario = { id: 'diversity-tradeoff', claims: [{ text: 'MMR diversifies', expr: 'a > b' }] } as unknown as Scenario;
const meta = { commit: 'abc1234', machine: 'CPU X, 2 cores', date: '2026-11-29', load: 1.25 };

describe('markers', () => {
  it('tokenises key=value, quoted values and bare flags', () => {
    expect(tokenize('scenario=x table="MF vs two-tower" claims set=a=1')).toEqual([
      ['scenario', 'x'], ['table', 'MF vs two-tower'], ['claims', true], ['set', 'a=1'],
    ]);
  });

  it('finds the block and the inline value, and skips markers inside fenced code', () => {
    const { blocks, inlines } = parseBlocks(lesson);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ id: 'div', line: 3, stamp: '6:aaaaaaaaaaaa', body: 'old table\n', view: { metrics: ['ndcg_at_10', 'mmr_ndcg_at_10'], claims: [1], n: 'users_evaluated' } });
    expect(inlines).toHaveLength(1);
    expect(inlines[0]).toMatchObject({ ref: 'div', metric: 'mmr_ndcg_at_10', digits: 2, text: '0.1', line: 7 });
  });

  it('rejects an unknown key, a missing scale and two views in one block, naming what is allowed', () => {
    expect(() => parseBlockSpec('scenario=x scale=tiny metric=a', 'f:1')).toThrow(/unknown key "metric"; allowed: scenario/);
    expect(() => parseBlockSpec('scenario=x metrics=a', 'f:1')).toThrow(/scale must be one of tiny, small, full/);
    expect(() => parseBlockSpec('scenario=x scale=tiny metrics=a series=s', 'f:1')).toThrow(/one of metrics=/);
  });

  it('rejects an inline value that reads a block the lesson does not have, and an unclosed block', () => {
    expect(() => parseBlocks('x <!-- value: nope metric=a -->1<!-- /value -->')).toThrow(/block "nope"/);
    expect(() => parseBlocks('<!-- measured: scenario=x scale=tiny metrics=a -->\ntext')).toThrow(/not closed/);
  });

  it('shares one run between blocks that differ only in what they show or in the order of their knobs', () => {
    const a = parseBlockSpec('scenario=x scale=tiny set=a=1 set=b=2 metrics=m', 'f');
    const b = parseBlockSpec('scenario=x scale=tiny set=b=2 set=a=1 series=s', 'f');
    const c = parseBlockSpec('scenario=x scale=small set=b=2 set=a=1 series=s', 'f');
    expect(runKey(a.source as never)).toBe(runKey(b.source as never));
    expect(runKey(a.source as never)).not.toBe(runKey(c.source as never));
  });
});

describe('stamps', () => {
  it('change with the world version and with any byte of the scenario files, and not otherwise', () => {
    const s = scenarioStamp(6, ['id: x\n']);
    expect(s).toMatch(/^6:[0-9a-f]{12}$/);
    expect(scenarioStamp(6, ['id: x\n'])).toBe(s);
    expect(scenarioStamp(7, ['id: x\n'])).not.toBe(s);
    expect(scenarioStamp(6, ['id: x \n'])).not.toBe(s);
    expect(scenarioStamp(6, ['id: x\n', 'knob: 1'])).not.toBe(s);
  });
});

describe('rewriting', () => {
  it('replaces only the generated text, is idempotent, and stamps the body with its checksum', () => {
    const { blocks, inlines } = parseBlocks(lesson);
    const body = renderScenarioBlock(blocks[0], run, scenario, meta);
    const once = applyReplacements(lesson, [{ block: blocks[0], text: body, stamp: '6:bbbbbbbbbbbb' }, { inline: inlines[0], text: renderInlineFromRun(inlines[0], run) }]);
    expect(once.split('\n').slice(0, 3)).toEqual(lesson.split('\n').slice(0, 3));
    expect(once).toContain(`<!-- /measured stamp=6:bbbbbbbbbbbb sum=${bodySum(body)} -->`);
    expect(once).toContain('MMR kept <!-- value: div metric=mmr_ndcg_at_10 digits=2 -->0.83<!-- /value --> of NDCG.');
    expect(once.endsWith('```\n')).toBe(true);
    const again = parseBlocks(once);
    expect(again.blocks[0].sum).toBe(bodySum(again.blocks[0].body));
    const twice = applyReplacements(once, [{ block: again.blocks[0], text: body, stamp: '6:bbbbbbbbbbbb' }, { inline: again.inlines[0], text: '0.83' }]);
    expect(twice).toBe(once);
  });
});

describe('rendering', () => {
  const [block] = parseBlocks(lesson).blocks;

  it('gives each metric its value, its interval when the run has one, and n; then the verdicts and the caption', () => {
    const text = renderScenarioBlock(block, run, scenario, meta).split('\n');
    expect(text[0]).toBe('| metric | value | 95% interval | n |');
    expect(text[2]).toBe('| `ndcg_at_10` | 0.8366 |  | 300 |');
    expect(text[3]).toBe('| `mmr_ndcg_at_10` | 0.8300 | 0.8200 – 0.8400 | 300 |');
    expect(text[5]).toBe('- **holds** in 99.0% of 1000 replicates: MMR diversifies (a = 2, b = 1)');
    expect(text.at(-1)).toBe('Run: `recsys-lab run diversity-tradeoff --scale tiny` · seed 42 · engine JS · commit abc1234 · CPU X, 2 cores, load 1.3 · 2026-11-29');
  });

  it('renders a series with its per-point interval, a latency stage with n, and reads inline values the same way', () => {
    const series = parseBlockSpec('scenario=d scale=tiny series=lambda-sweep at=1', 'f');
    expect(renderScenarioBlock({ ...block, ...series }, run, scenario, meta).split('\n').slice(0, 3)).toEqual([
      '| lambda | ndcg_at_10 |', '| --- | --- |', '| 1 | 0.8400 (0.8300 – 0.8500) |',
    ]);
    const lat = parseBlockSpec('scenario=d scale=tiny latency=rerank', 'f');
    expect(renderScenarioBlock({ ...block, ...lat }, run, scenario, meta).split('\n')[2]).toBe('| rerank | 500 | 0.5000 | 0.6000 | 0.7000 (0.6500 – 0.8000) |');
    const inline = { ref: 'div', latency: 'rerank', interval: true } as never;
    expect(renderInlineFromRun(inline, run)).toBe('0.7000 (95% 0.6500 – 0.8000)');
  });

  it('names what the run has when a block asks for something it does not', () => {
    const bad = parseBlockSpec('scenario=d scale=tiny metrics=nope', 'f');
    expect(() => renderScenarioBlock({ ...block, ...bad }, run, scenario, meta)).toThrow(/metric "nope" is not in the run; it has: ndcg_at_10, mmr_ndcg_at_10/);
  });

  it('gives the command that reproduces the run', () => {
    const s = parseBlockSpec('scenario=x scale=small seed=7 set=lambda=0.3 sweep=false metrics=a', 'f').source as never;
    expect(runCommand(s)).toBe('recsys-lab run x --scale small --seed 7 --set lambda=0.3 --no-sweep');
  });

  it('renders bench rows with anchor, ratio and target, and the entry it came from', () => {
    const entry: BenchEntry = { title: 'T', scale: 'full', at: '2026-11-29T03:49:54.364Z', rows: [{ name: 'join', value: 2.0344, unit: 's', target: '< 30 s', met: true, anchor: { name: 'target', value: 30, unit: 's' }, ratio: 14.75 }] };
    const b = { ...block, ...parseBlockSpec('bench=feature-store', 'f') };
    expect(renderBenchBlock(b, 'feature-store', entry, 'EPYC, 2 cores').split('\n')).toEqual([
      '| figure | measured | anchor | ratio | target |', '| --- | --- | --- | --- | --- |', '| join | 2.034 s | target: 30 s | 14.75× | < 30 s ✓ |', '',
      'From `bench/results.json` (`npm run bench -- --only feature-store --scale full`, measured 2026-11-29) · EPYC, 2 cores',
    ]);
  });
});

describe('arithmetic in inline values', () => {
  it('follows precedence and parentheses', () => {
    expect(evalArithmetic('a / b * 100 - (c + 1)', { a: 3, b: 4, c: 2 })).toBeCloseTo(72, 12);
    expect(evalArithmetic('-a + 2', { a: 5 })).toBe(-3);
  });
  it('refuses anything that is not arithmetic', () => {
    expect(() => evalArithmetic('a; b', { a: 1, b: 2 })).toThrow(/only names, numbers/);
    expect(() => evalArithmetic('zz', { a: 1 })).toThrow(/metric "zz"/);
  });
});

describe('reading a lesson', () => {
  it('drops HTML comments outside code fences and keeps line numbers', () => {
    const out = stripComments(lesson);
    expect(out.split('\n')).toHaveLength(lesson.split('\n').length);
    expect(out).toContain('In the run above MMR kept 0.1 of NDCG.');
    expect(out).not.toContain('measured: scenario=diversity');
    expect(out).toContain('<!-- measured: scenario=not-a-block');
  });

  it('shows the reader the values but not the markers, in the terminal', () => {
    const lines = renderMarkdown('NDCG was <!-- value: a metric=x -->0.81<!-- /value --> here.', { width: 80, color: false });
    expect(lines).toEqual(['NDCG was 0.81 here.']);
  });

  it('keeps a generated verdict list out of the lesson\'s own claims (what the drill reads)', () => {
    const md = '## Claims this lab measures\n\n- A claim.\n\n<!-- measured: scenario=x scale=tiny claims -->\n- **holds**: A claim.\n<!-- /measured stamp=6:a sum=b -->\n';
    expect(parseLesson(md).claims).toEqual(['A claim.']);
  });
});
