/**
 * Trees compiled to JavaScript: each tree becomes a function of nested `if`s with the thresholds and leaf
 * values as literals, which V8 turns into straight-line compares (the idea of treelite / QuickScorer's
 * "code generation" baseline). The interpreted walk in model.ts stays as the reference; both add the
 * trees in the same order, so their sums are bit-identical (checked in test/core/gbdt/model.test.ts).
 *
 * NaN: a default-left node tests `!(v > t)` (true for NaN), a default-right node `v <= t` (false for NaN).
 * Literals use the shortest round-trip decimal form, so the compiled thresholds equal the stored doubles.
 */

export interface CompilableTree {
  numLeaves: number;
  splitFeature: ArrayLike<number>;
  threshold: ArrayLike<number | null>;
  defaultLeft: ArrayLike<number>;
  left: ArrayLike<number>;
  right: ArrayLike<number>;
  leafValue: ArrayLike<number>;
}

export type TreeKernel = (x: Float32Array, numRows: number, numFeatures: number, out: Float64Array) => void;

function literal(v: number): string {
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

function nodeCode(t: CompilableTree, node: number, indent: string): string {
  if (node < 0) return `${indent}out[r] += ${literal(t.leafValue[~node])};\n`;
  const f = t.splitFeature[node];
  const thr = literal(t.threshold[node] ?? Infinity);
  const test = t.defaultLeft[node] ? `!(x[b + ${f}] > ${thr})` : `x[b + ${f}] <= ${thr}`;
  const inner = indent + '  ';
  return `${indent}if (${test}) {\n${nodeCode(t, t.left[node], inner)}${indent}} else {\n${nodeCode(t, t.right[node], inner)}${indent}}\n`;
}

/** One tree as a kernel adding its value to out[r] for every row. O(nodes) to build. */
export function compileTree(t: CompilableTree): TreeKernel {
  const body = t.numLeaves > 1 ? nodeCode(t, 0, '    ') : `    out[r] += ${literal(t.leafValue[0])};\n`;
  const src = `'use strict';\n  for (let r = 0, b = 0; r < n; r++, b += F) {\n${body}  }\n`;
  return new Function('x', 'n', 'F', 'out', src) as TreeKernel;
}
