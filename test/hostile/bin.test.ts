// A fresh install runs the compiled CLI: build outputs written under src/ after dist/ (the native addon's build
// folder) must not make the sources look newer; only a newer .ts/.tsx source sends a run through tsx.
import { spawnSync } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, repo, scratch } from './helpers.js';

const root = scratch('install');
afterAll(() => cleanup(root));

function useBuild(env: Record<string, string> = {}): boolean {
  const code = `import { useBuild } from ${JSON.stringify(join(repo, 'bin', 'use-build.js'))}; process.stdout.write(String(useBuild(${JSON.stringify(root)}, ${JSON.stringify(env)})));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout === 'true';
}

function file(rel: string, at: number): void {
  const p = join(root, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, '');
  utimesSync(p, at, at);
}

describe('bin/recsys-lab.js chooses dist/ on a fresh install', () => {
  const t = Date.now() / 1000;
  it('sources, then dist/, then native build outputs under src/: dist/ is used', () => {
    file('src/cli/main.ts', t - 300);
    file('src/ui/App.tsx', t - 300);
    file('dist/cli/main.js', t - 200);
    file('src/native/build/Release/addon.node', t - 100);
    file('src/models/two-tower/native/build/Release/obj.target/step.o', t - 100);
    file('src/native/build/config.gypi', t - 100);
    expect(useBuild()).toBe(true);
  });

  it('a .ts or .tsx source edited after the build sends the run through the sources', () => {
    file('src/ui/App.tsx', t - 50);
    expect(useBuild()).toBe(false);
    file('src/ui/App.tsx', t - 300);
    file('src/core/new-kernel.ts', t - 50);
    expect(useBuild()).toBe(false);
  });

  it('RECSYS_LAB_FROM_SOURCE forces the sources', () => {
    file('src/core/new-kernel.ts', t - 300);
    expect(useBuild()).toBe(true);
    expect(useBuild({ RECSYS_LAB_FROM_SOURCE: '1' })).toBe(false);
  });
});
