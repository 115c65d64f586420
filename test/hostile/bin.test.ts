// A fresh install runs the compiled CLI: build outputs written under src/ after dist/ (the native addon's build
// folder) must not make the sources look newer; only a newer .ts/.tsx source sends a run through tsx.
// bin/use-build.js is the function the binary calls, called here (it reads the folder's mtimes and the env it is
// given, nothing of the process): no node start per case, no env, no listeners, so the file is in the shared project.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS module without types (bin/ is not compiled)
import { useBuild as useBuildIn } from '../../bin/use-build.js';

const root = mkdtempSync(join(tmpdir(), 'recsys-hostile-install-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function useBuild(env: Record<string, string> = {}): boolean {
  return (useBuildIn as (root: string, env: object) => boolean)(root, env);
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
