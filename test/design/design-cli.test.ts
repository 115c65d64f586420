// `recsys-lab design` as a user calls it: the list of shipped designs, exit 2 with the file and field for a bad design,
// and a cut-down design reviewed end to end at tiny into a recsys-lab/design@1 document. The review spawns the binary;
// the list and the refusals call the same main() in this process (test/helpers/cli-in-process.ts): what they check is
// the text and the code, and each spawn costs a node start and the CLI's imports.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunResult } from '../../src/scenario/result-schema.js';
import { cliArgs } from '../helpers/cli-path.js';
import { cliInProcess } from '../helpers/cli-in-process.js';

const root = join(import.meta.dirname, '..', '..');
const cache = process.env.RECSYS_LAB_CACHE_DIR ?? mkdtempSync(join(tmpdir(), 'recsys-lab-design-cli-'));
const scratch = mkdtempSync(join(cache, 'design-cli-'));

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, cliArgs(...args), {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, RECSYS_LAB_CACHE_DIR: cache, NO_COLOR: '1' },
    timeout: 180_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const here = (...args: string[]) => cliInProcess(args, { env: { RECSYS_LAB_CACHE_DIR: cache } });

const T = { timeout: 200_000 };

describe('recsys-lab design', () => {
  it('lists the shipped designs when given none', T, async () => {
    const r = await here('design');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^reference\s+Reference:/m);
    expect(r.stdout).toMatch(/^cheap-and-fast\s/m);
    expect(r.stdout).toMatch(/^quality-first\s/m);
    // and `list` names them after the scenarios
    const list = await here('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/design reviews \(recsys-lab design <id> --scale tiny\)\n\s+reference\s+Reference:/);
  });

  it('exits 2 naming the file, the field and the allowed values; compare needs two designs', T, async () => {
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(bad, 'id: bad\ntitle: Bad\nreranker: { reranker: shuffle }\n');
    const r = await here('design', bad, '--scale', 'tiny');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: reranker.reranker: "shuffle" is not allowed; expected one of none, mmr, dpp`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const c = await here('design', 'compare', 'reference');
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/design compare needs at least two designs, got 1/);
  });

  it('reviews a cut-down design at tiny into a design@1 document with the run@2 document inside', T, () => {
    const file = join(scratch, 'small-review.yaml');
    writeFileSync(file, [
      'id: small-review',
      'title: A cut-down review',
      'requirements: { qps: 100, budgetMs: 100, memoryBudgetMb: 500 }',
      'retrieval: { embeddings: latent }',
      // the cheapest build and review the knobs allow but the requests (a p99's 100, the scorecard's n): what is checked
      // is the command's path and its documents, not the design's numbers
      'index: { efConstruction: 16 }',
      'ranking: { candidates: 100, trees: 5 }',
      'review: { requests: 100, warmup: 10, evalUsers: 20, activeUsers: 50 }',
      '',
    ].join('\n'));
    const out = join(scratch, 'review.json');
    const r = cli('design', file, '--scale', 'tiny', '--format', 'json', '--out', out, '--quiet');
    expect(r.stderr.trim()).toBe(`wrote ${out}`);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.schema).toBe('recsys-lab/design@1');
    expect(doc.design).toMatchObject({ id: 'small-review', scale: 'tiny', stages: { ranking: { candidates: 100, trees: 5 }, review: { requests: 100 } } });
    expect(doc.scorecard.requests).toBe(100);
    expect(doc.scorecard.verdicts.map((v: { kind: string }) => v.kind)).toEqual(['finding', 'finding', 'check']);
    const run = readRunResult(doc.run);
    expect(run?.scenario).toBe('design-small-review');
    expect(run?.claims[1].expr).toBe('memory_total_mb <= 500');
  });
});
