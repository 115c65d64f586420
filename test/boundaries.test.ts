// The layers of DESIGN.md (drawn in ARCHITECTURE.md), enforced: src/core is pure maths and may not import UI, CLI,
// tfjs, hnswlib or the file system; tfjs stays in src/models and hnswlib-node in src/retrieval; no layer imports a
// layer above it; and no files import each other in a circle. The linter (npm run lint) holds the same layer rule
// file by file; this test also sees the whole graph.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) found.push(m[1] ?? m[2] ?? m[3]);
  return found;
}

// rank in the one-way chain cli → ui → scenario → experiments → (lower layers) → (measure, native) → core
const rank: Record<string, number> = {
  cli: 6, ui: 5, scenario: 4, experiments: 3,
  serving: 2, production: 2, ranking: 2, models: 2, retrieval: 2, data: 2,
  // the measurement protocol reads the clock and the OS, so it is not core; everything that times uses it
  measure: 1,
  // the compiled kernels' loader reads the file system; the kernels' callers sit above it
  native: 1,
  core: 0,
};
// among the lower layers: serving may use ranking/retrieval/models/data; production may use data/ranking/models
const lowerAllowed: Record<string, string[]> = {
  serving: ['ranking', 'retrieval', 'models', 'data', 'production'],
  production: ['data', 'ranking', 'models', 'retrieval'],
  ranking: ['data', 'models', 'retrieval'],
  models: ['data', 'retrieval'],
  retrieval: ['data'],
  data: [],
};

/** The layers `layer` may not import: every layer above it, and beside it what lowerAllowed does not list (native and measure import core only). */
function forbiddenFor(layer: string): string[] {
  return Object.keys(rank).filter((t) => {
    if (t === layer) return false;
    if (rank[t] > rank[layer]) return true;
    if (rank[t] !== rank[layer]) return false;
    return rank[layer] === 1 || (rank[layer] === 2 && !lowerAllowed[layer].includes(t));
  });
}

describe('layer boundaries', () => {
  it('src/core imports no UI, CLI, tfjs, hnswlib or file-system module', () => {
    const banned = /^(ink|react|commander|chalk|@tensorflow\/.*|hnswlib-node|better-sqlite3|node:fs.*|fs|fs\/promises|node:child_process|node:worker_threads)$/;
    const offenders = filesUnder(join(src, 'core')).flatMap((f) =>
      importsOf(f).filter((m) => banned.test(m)).map((m) => `${relative(root, f)} imports ${m}`),
    );
    expect(offenders).toEqual([]);
  });

  it('only src/models imports @tensorflow/*', () => {
    const offenders = filesUnder(src)
      .filter((f) => !relative(src, f).startsWith('models'))
      .flatMap((f) => importsOf(f).filter((m) => m.startsWith('@tensorflow/')).map((m) => `${relative(root, f)} imports ${m}`));
    expect(offenders).toEqual([]);
  });

  it('only src/retrieval imports hnswlib-node', () => {
    const offenders = filesUnder(src)
      .filter((f) => !relative(src, f).startsWith('retrieval/'))
      .flatMap((f) => importsOf(f).filter((m) => m === 'hnswlib-node').map((m) => `${relative(root, f)} imports ${m}`));
    expect(offenders).toEqual([]);
  });

  it('no layer imports a layer above it', () => {
    const offenders: string[] = [];
    for (const f of filesUnder(src)) {
      const from = relative(src, f).split('/')[0];
      if (!(from in rank)) continue;
      for (const m of importsOf(f)) {
        if (!m.startsWith('.')) continue;
        const target = relative(src, join(f, '..', m)).split('/')[0];
        if (!(target in rank) || target === from) continue;
        if (forbiddenFor(from).includes(target)) offenders.push(`${relative(root, f)} (${from}) imports ${m} (${target})`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the linter fences every layer folder against exactly the layers this test forbids (biome.json)', () => {
    const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as {
      overrides: { includes: string[]; linter?: { rules?: { style?: { noRestrictedImports?: { options?: { patterns?: { group: string[] }[] } } } } } }[];
    };
    const fenced: Record<string, string[]> = {};
    for (const o of config.overrides) {
      const layer = /^src\/([a-z-]+)\/\*\*$/.exec(o.includes[0])?.[1];
      const groups = o.linter?.rules?.style?.noRestrictedImports?.options?.patterns ?? [];
      if (!layer || !o.linter?.rules?.style?.noRestrictedImports) continue;
      fenced[layer] = groups.flatMap((g) => g.group).map((p) => /^\*\*\/([a-z-]+)\/\*\*$/.exec(p)?.[1]).filter((l): l is string => !!l).sort();
    }
    expect(Object.keys(fenced).sort()).toEqual(Object.keys(rank).sort());
    for (const layer of Object.keys(rank)) expect(fenced[layer], layer).toEqual(forbiddenFor(layer).sort());
  });

  it('no files under src/ import each other in a circle', () => {
    expect(importCircles(filesUnder(src)).map((c) => c.map((f) => relative(root, f)).join(' → '))).toEqual([]);
  });
});

/** The file a relative import names (`./x.js` is ./x.ts or ./x.tsx; a folder is its index), or null. */
function resolveImport(from: string, spec: string): string | null {
  const base = join(dirname(from), spec);
  const stem = base.replace(/\.(js|jsx|ts|tsx)$/, '');
  for (const c of [`${stem}.ts`, `${stem}.tsx`, join(base, 'index.ts')]) if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

/** Every set of files that import each other in a loop (Tarjan's strongly connected components), each as a path round it. */
function importCircles(files: string[]): string[][] {
  const edges = new Map(files.map((f) => [f, importsOf(f).filter((m) => m.startsWith('.')).map((m) => resolveImport(f, m)).filter((t): t is string => t !== null)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const part: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      part.push(w);
    } while (w !== v);
    const self = edges.get(v)?.includes(v);
    if (part.length > 1 || self) circles.push([...part.reverse(), part[0]]);
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return circles;
}
