// `--format html` is offered by `run`, `workshop` and `design` and listed in their --help; a bad format exits 2 naming the choices.
// The CLI's main() in this process (test/helpers/cli-in-process.ts): the binary's spawns are in cli.test.ts and
// test/workshops/workshops.test.ts; what is checked here is the help text and the refusal.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess } from '../helpers/cli-in-process.js';

const root = join(import.meta.dirname, '..', '..');
const cli = (...args: string[]) => cliInProcess(args);

describe('--format html', () => {
  it('is listed in the help of run, workshop and design', async () => {
    for (const command of ['run', 'workshop', 'design']) {
      const r = await cli(command, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/--format <format>[\s\S]*\bhtml\b/);
    }
  });

  it('is checked before a workshop runs: a bad format exits 2 naming the allowed ones', async () => {
    const r = await cli('workshop', join(root, 'scenarios/workshops/retrieval-101.yaml'), '--format', 'pdf');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be one of md, html, text, json, got "pdf"/);
  });
});
