// `recsys-lab drill` end to end from a script: answers fed on stdin (the documented format), the score printed
// per part, the drill appended to the history under XDG_STATE_HOME, and --history reading it back. The first drill
// spawns the binary with a real pipe on stdin; the others call the CLI's main() in this process with the same input
// (test/helpers/cli-in-process.ts), which saves a node start and the CLI's imports per call.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgs } from '../helpers/cli-path.js';
import { cliInProcess, type InProcessResult } from '../helpers/cli-in-process.js';
import { loadDrillBank } from '../../src/scenario/drill/bank.js';
import { pickOptionsForSeed } from '../../src/scenario/drill/index.js';

const root = join(import.meta.dirname, '..', '..');
const state = mkdtempSync(join(tmpdir(), 'recsys-lab-drill-state-'));

function drill(args: string[], input: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, cliArgs('drill', ...args), {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, XDG_STATE_HOME: state, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const drillHere = (args: string[], input: string): Promise<InProcessResult> => cliInProcess(['drill', ...args], { stdin: input, env: { XDG_STATE_HOME: state } });

describe('recsys-lab drill (scripted)', () => {
  it('pick mode: scores the picks per part and records the drill', async () => {
    const first = drill(['--lesson', 'scaling', '--seed', '4', '--no-measure'], '\n');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // find the numbers of the outline parts in the printed options by re-reading the recorded order
    const recorded = readFileSync(join(state, 'recsys-lab', 'drills.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const order: { kind: string }[] = recorded[0].parts;
    const outline = order.flatMap((p, i) => (p.kind === 'outline' ? [i + 1] : []));
    const distractor = order.findIndex((p) => p.kind === 'distractor') + 1;
    const r = await drillHere(['--lesson', 'scaling', '--seed', '4', '--no-measure'], `${[...outline, distractor].join(' ')}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Score: ${outline.length} of ${outline.length} parts, 1 wrong pick`);
    expect(r.stdout).toContain('✗ wrong pick');
    expect(r.stdout).toContain('Follow-up questions to expect');
    const lines = readFileSync(join(state, 'recsys-lab', 'drills.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    const last = JSON.parse(lines[1]);
    expect([last.lesson, last.mode, last.seed, last.hits, last.falsePicks]).toEqual(['scaling', 'pick', 4, outline.length, 1]);
  });

  it('an ordered question (Q1 end to end): the numbers are read in the order typed, and the order is scored', async () => {
    const q = (await loadDrillBank()).find((x) => x.lesson === 'q1-end-to-end')!;
    const options = pickOptionsForSeed(q, 5);
    const steps = q.outline.map((_, i) => options.findIndex((o) => o.step === i) + 1);
    const good = await drillHere(['--lesson', 'q1-end-to-end', '--seed', '5', '--no-measure'], `${steps.join(' ')}\n`);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('in the order you would cover them');
    expect(good.stdout).toContain(`Score: ${steps.length} of ${steps.length} parts, 0 wrong picks, in order 100%`);
    expect(good.stdout).toMatch(/→ 100%/);
    const reversed = await drillHere(['--lesson', 'q1-end-to-end', '--seed', '5', '--no-measure'], `${[...steps].reverse().join(' ')}\n`);
    expect(reversed.stdout).toContain(`Score: ${steps.length} of ${steps.length} parts, 0 wrong picks, in order 0%`);
    expect(reversed.stdout).toMatch(/→ 0%/);
  });

  it('write mode: reads the answer up to ".", then the self-marks', async () => {
    const r = await drillHere(['--lesson', 'two-stage-architecture', '--mode', 'write', '--no-measure'], 'Budget first, then recall.\n.\ny n y\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Score: 2 of \d+ parts → \d+%/);
    const last = JSON.parse(readFileSync(join(state, 'recsys-lab', 'drills.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    expect(last.answer).toBe('Budget first, then recall.');
  });

  it('--history lists the drills and progress per lesson', async () => {
    const r = await drillHere(['--history'], '');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/scaling\s+2 drill\(s\)/);
  });

  it('exits 2 naming the allowed values for a bad option or answer', async () => {
    expect(await drillHere(['--mode', 'oral', '--no-measure'], '')).toMatchObject({ code: 2, stderr: expect.stringContaining('pick, write') });
    expect(await drillHere(['--lesson', 'nope', '--no-measure'], '')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown lesson "nope"') });
    expect(await drillHere(['--lesson', 'scaling', '--no-measure'], '99\n')).toMatchObject({ code: 2, stderr: expect.stringContaining('not an option number') });
  });
});
