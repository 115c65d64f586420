/**
 * The GBDT scorer the ranking stack serves with: the native kernel (src/native/gbdt, QuickScorer masks over blocks of
 * rows) when the addon is built, else the model's compiled trees. The native path has no warm-up: the model is packed
 * once on first use (O(nodes)), and the first call is as fast as the thousandth, where the compiled trees pay V8's
 * code generation on first use and tier up over the first hundred calls. Both return the same doubles as the
 * reference walk GbdtModel.predictRawInterpreted (test/ranking/gbdt-native.test.ts holds them bit for bit).
 */
import type { GbdtModel } from '../core/gbdt/index.js';
import { loadNative, type NativeAddon } from '../native/addon.js';
import type { PackedGbdt } from '../native/gbdt/kernel.js';

export type GbdtEngine = 'native' | 'compiled';

export interface GbdtScorer {
  /** which path scores: the native kernel or the compiled trees */
  readonly engine: GbdtEngine;
  /** Raw scores (base score + the first numTrees trees, default all) of numRows row-major rows. */
  score(features: Float32Array, numRows: number, numTrees?: number): Float64Array;
}

const packed = new WeakMap<GbdtModel, PackedGbdt>();

function packedOf(addon: NativeAddon, model: GbdtModel): PackedGbdt {
  let p = packed.get(model);
  if (!p) {
    const l = model.flatLayout();
    p = addon.gbdtPack(l.treeLeaves, l.feature, l.threshold, l.defaultLeft, l.left, l.right, l.leafValue, l.numFeatures);
    packed.set(model, p);
  }
  return p;
}

/** A scorer for `model`: native when `engine` allows it and the addon is loaded (default), else the compiled trees. */
export function gbdtScorer(model: GbdtModel, engine: 'auto' | GbdtEngine = 'auto'): GbdtScorer {
  const addon = engine === 'compiled' ? null : loadNative();
  if (!addon) return { engine: 'compiled', score: (x, n, t) => model.predictRaw(x, n, t) };
  const p = packedOf(addon, model);
  return {
    engine: 'native',
    score(x, n, t = model.numTrees) {
      model.checkShape(x, n);
      const out = new Float64Array(n).fill(model.baseScore);
      addon.gbdtScore(p, x, n, Math.min(t, model.numTrees), out);
      return out;
    },
  };
}
