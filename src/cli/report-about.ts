/** Facts about a report for its closing section: the command, the code's commit (when this is a git checkout) and the machine. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { packageRoot } from '../scenario/catalog.js';

/** `git describe --always --dirty` of the package, or undefined outside a checkout (an installed package). */
export function codeCommit(): string | undefined {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty', '--abbrev=10'], { cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function reportAbout(command: string): [string, string][] {
  const cpu = os.cpus()[0]?.model?.trim();
  const commit = codeCommit();
  return [
    ['command', `recsys-lab ${command}`],
    ['commit', commit ?? 'unknown (not a git checkout)'],
    ['machine', `${cpu ? `${cpu}, ` : ''}${os.availableParallelism?.() ?? os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`],
    ['written', new Date().toISOString().replace(/\.\d+Z$/, 'Z')],
  ];
}
