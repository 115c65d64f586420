/**
 * The teaching layer's target: a new user, following lessons/README.md, reaches a first lesson's measured claim in
 * under 2 minutes of wall time on 2 cores. Measured as that user would: a fresh process per command (tsx start-up
 * included), an empty world cache, `lesson two-stage-architecture`, then the README's tiny `run two-stage-why` until
 * its first evaluated claim is printed. The same run again with the cache warm shows what the first build cost.
 * Always tiny (the README's command), whatever --scale the bench is given.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchEntry, BenchRow } from './types.js';

const root = join(import.meta.dirname, '..');
const TARGET_S = 120;

/** Seconds from spawn until `until` matches stdout (or the process exits), and whether it matched. */
function timeCommand(args: string[], cacheDir: string, until: RegExp): Promise<{ seconds: number; matched: boolean }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], {
      cwd: root,
      env: { ...process.env, RECSYS_LAB_CACHE_DIR: cacheDir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    let done = false;
    const finish = (matched: boolean): void => {
      if (done) return;
      done = true;
      resolve({ seconds: (performance.now() - started) / 1000, matched });
    };
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (until.test(out)) finish(true);
    });
    child.on('error', reject);
    child.on('close', () => finish(until.test(out)));
  });
}

export const entry: BenchEntry = {
  id: 'first-claim',
  title: 'New user to a first measured claim (lessons/README.md path, tiny, fresh processes)',
  async run(ctx) {
    const cache = mkdtempSync(join(tmpdir(), 'recsys-lab-first-claim-'));
    const runArgs = ['run', 'two-stage-why', '--scale', 'tiny', '--set', 'max_items=3000'];
    const firstClaim = /(holds|does not hold)/;
    try {
      ctx.log('lesson two-stage-architecture');
      const lesson = await timeCommand(['lesson', 'two-stage-architecture'], cache, /Interview question/);
      ctx.log('run two-stage-why (cold cache)');
      const cold = await timeCommand(runArgs, cache, firstClaim);
      ctx.log('run two-stage-why (warm cache)');
      const warm = await timeCommand(runArgs, cache, firstClaim);
      const total = lesson.seconds + cold.seconds;
      const rows: BenchRow[] = [
        { name: 'recsys-lab lesson two-stage-architecture (process start to text)', value: lesson.seconds, unit: 's', note: lesson.matched ? undefined : 'question not printed' },
        { name: 'recsys-lab run two-stage-why --scale tiny, empty cache, to first claim', value: cold.seconds, unit: 's', note: cold.matched ? undefined : 'no claim printed' },
        { name: 'the same run, warm cache, to first claim', value: warm.seconds, unit: 's' },
        {
          name: 'new user: lesson + first run to a measured claim',
          value: total,
          unit: 's',
          target: `< ${TARGET_S} s`,
          met: lesson.matched && cold.matched && total < TARGET_S,
        },
      ];
      return rows;
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  },
};
