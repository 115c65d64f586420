/**
 * Loads the compiled dense-step addon (src/models/two-tower/native, built by `npm ci` through the
 * package's install script; see native/build.mjs). It is optional: when the build failed or was
 * skipped, `nativeAddon()` returns null with the reason, and training uses the tfjs engine.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativeDenseAddon {
  step(
    sizes: number[], params: Float32Array[], grads: Float32Array[], xu: Float32Array, xi: Float32Array,
    B: number, C: number, k: number, rowItem: Int32Array, colItem: Int32Array, logQ: Float32Array,
    correction: number, temperature: number, inBatch: boolean, threads: number, gxu: Float32Array, gxi: Float32Array,
  ): number;
  encode(sizes: number[], params: Float32Array[], tower: 0 | 1, x: Float32Array, n: number, out: Float32Array): void;
  gatherRows(table: Float32Array, d: number, ids: Int32Array, rows: Int32Array, scales: Float32Array | null, out: Float32Array): void;
  scatterRows(
    d: number, ids: Int32Array, rows: Int32Array, scales: Float32Array | null, g: Float32Array,
    slotOf: Int32Array, slotRows: Int32Array, count: number, grad: Float32Array,
  ): number;
  applyRows(
    table: Float32Array, accum: Float32Array, touched: Uint8Array, slotOf: Int32Array, slotRows: Int32Array,
    count: number, grad: Float32Array, d: number, lr: number, adagrad: boolean,
  ): void;
}

/** Where the build puts the addon, relative to the package root (the same from src/ and dist/). */
export const ADDON_PATH = join('src', 'models', 'two-tower', 'native', 'build', 'Release', 'two_tower_dense.node');

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dir;
}

let loaded: { addon: NativeDenseAddon | null; reason: string } | null = null;

export function nativeAddon(): NativeDenseAddon | null {
  return nativeAddonStatus().addon;
}

/** The addon, or null and why not (not built, or failed to load). Memoised. */
export function nativeAddonStatus(): { addon: NativeDenseAddon | null; reason: string } {
  if (loaded) return loaded;
  const file = join(packageRoot(), ADDON_PATH);
  if (!existsSync(file)) {
    loaded = { addon: null, reason: `not built (${ADDON_PATH} is missing; \`npm run build:native\` builds it)` };
  } else {
    try {
      const addon = createRequire(import.meta.url)(file) as NativeDenseAddon;
      const missing = (['step', 'encode', 'gatherRows', 'scatterRows', 'applyRows'] as const).filter((f) => typeof addon[f] !== 'function');
      loaded = missing.length === 0
        ? { addon, reason: 'loaded' }
        : { addon: null, reason: `out of date (no ${missing.join(', ')}; \`npm run build:native\` rebuilds it)` };
    } catch (err) {
      loaded = { addon: null, reason: `failed to load: ${String((err as Error).message).split('\n')[0]}` };
    }
  }
  return loaded;
}
