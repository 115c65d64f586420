// How tests start the CLI: the real entry point, bin/recsys-lab.js, which runs the compiled dist/ that the global
// setup keeps current (and falls back to the sources through tsx when one is newer, as for a user).
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** node arguments that start `recsys-lab <args…>` */
export function cliArgs(...args: string[]): string[] {
  return [join(repoRoot, 'bin', 'recsys-lab.js'), ...args];
}
