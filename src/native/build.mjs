#!/usr/bin/env node
// Builds the one native addon of recsys-lab (binding.gyp here: every kernel under src/native/) with node-gyp, into
// src/native/build/Release/recsys_native.node. Run by the package's `install` script on `npm ci` / `npm install`;
// `npm run build:native` runs it again (after changing the C++). It never fails the install: without a C++ toolchain
// the addon is simply absent, src/native/addon.ts says why, and each kernel's caller uses its JS path (two-tower
// training takes the tfjs engine; the run reports which engine ran). RECSYS_LAB_SKIP_NATIVE=1 skips it.
// A failed or interrupted build removes build/, so no half-built addon is ever loaded.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const addon = join(here, 'build', 'Release', 'recsys_native.node');

function say(line) {
  process.stderr.write(`recsys-lab: ${line}\n`);
}

/** node-gyp's entry script: npm names it for lifecycle scripts; otherwise the copy bundled with npm. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((c) => c && existsSync(c)) ?? null;
}

if (process.env.RECSYS_LAB_SKIP_NATIVE === '1') {
  say('RECSYS_LAB_SKIP_NATIVE=1: the native kernels are not built; two-tower training will use tfjs');
  process.exit(0);
}

const gyp = nodeGyp();
if (!gyp) {
  say('node-gyp not found, so the native kernels are not built; two-tower training will use tfjs');
  process.exit(0);
}

const started = Date.now();
let interrupted = false;
const onSignal = () => {
  interrupted = true;
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Node's own headers when they sit beside it (as npm's nodedir setting does), so nothing is downloaded
const nodedir = process.env.npm_config_nodedir || (existsSync(join(dirname(process.execPath), '..', 'include', 'node', 'node_api.h')) ? join(dirname(process.execPath), '..') : '');
const run = spawnSync(process.execPath, [gyp, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])], { cwd: here, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (interrupted || run.status !== 0 || !existsSync(addon)) {
  rmSync(join(here, 'build'), { recursive: true, force: true });
  if (interrupted) {
    say('native kernels build interrupted; removed the partial build');
    process.exit(130);
  }
  const why = `${run.stderr ?? ''}${run.error ? String(run.error) : ''}`.trim().split('\n').filter((l) => /error/i.test(l)).slice(0, 3).join(' | ');
  say(`could not build the native kernels (${why || `node-gyp exited ${run.status}`}); two-tower training will use tfjs`);
  process.exit(0);
}
say(`built the native kernels (two-tower dense engine) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
