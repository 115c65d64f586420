#!/usr/bin/env node
// Entry point: the compiled CLI in dist/ (built by `npm ci` through the prepare script). When a source file is
// newer than the build (someone is editing the checkout), run the TypeScript sources through tsx instead, so a
// stale dist/ never hides a change.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const src = join(root, 'src');
const useBuild =
  existsSync(compiled) && !process.env.RECSYS_LAB_FROM_SOURCE && (!existsSync(src) || newestMtime(src) <= statSync(compiled).mtimeMs);
let mod;
if (useBuild) {
  mod = await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(pathToFileURL(join(src, 'cli', 'main.ts')).href);
}
process.exitCode = await mod.main(process.argv);
