#!/usr/bin/env node
// Entry point: the compiled CLI in dist/ (built by `npm ci` through the prepare script). When a TypeScript source is
// newer than the build (someone is editing the checkout), run the sources through tsx instead, so a stale dist/
// never hides a change (use-build.js decides; build outputs under src/ do not count).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { useBuild } from './use-build.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let mod;
if (useBuild(root)) {
  mod = await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}
process.exitCode = await mod.main(process.argv);
