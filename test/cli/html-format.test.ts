// `--format html` is offered by `run`, `workshop` and `design` and listed in their --help; a bad format exits 2 naming the choices.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgs } from '../helpers/cli-path.js';

const root = join(import.meta.dirname, '..', '..');

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, cliArgs(...args), { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('--format html', () => {
  it('is listed in the help of run, workshop and design', () => {
    for (const command of ['run', 'workshop', 'design']) {
      const r = cli(command, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/--format <format>[\s\S]*\bhtml\b/);
    }
  });

  it('is checked before a workshop runs: a bad format exits 2 naming the allowed ones', () => {
    const r = cli('workshop', join(root, 'scenarios/workshops/retrieval-101.yaml'), '--format', 'pdf');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be one of md, html, text, json, got "pdf"/);
  });
});
