// Whether bin/recsys-lab.js may run the compiled CLI in dist/: only the TypeScript sources count as "newer than the
// build". Build outputs that live under src/ (the native addon's build folder, compiled .node/.o files) are written
// after dist/ on a fresh install and must not send every run through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = /\.(ts|tsx|mts|cts)$/;

/** The newest modification time (ms) of a TypeScript source under `dir`; 0 when there is none. */
export function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(p));
    else if (SOURCE.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** dist/ is used unless it is missing, RECSYS_LAB_FROM_SOURCE is set, or a .ts/.tsx source is newer than it. */
export function useBuild(root, env = process.env) {
  const compiled = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(compiled) || env.RECSYS_LAB_FROM_SOURCE) return false;
  const src = join(root, 'src');
  return !existsSync(src) || newestSourceMtime(src) <= statSync(compiled).mtimeMs;
}
