/**
 * The one loader of the native addon (src/native: every kernel, built by `npm ci` through the package's install
 * script; see build.mjs). It is optional: when the build failed or was skipped, or the addon predates a kernel,
 * loadNative() returns null and nativeStatus() says why, and each caller takes its JS path (two-tower training the
 * tfjs engine). A kernel adds its functions' interface to NativeAddon and their names to REQUIRED.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXACT_FUNCTIONS, type ExactKernels } from './exact/kernel.js';
import { GBDT_FUNCTIONS, type GbdtKernels } from './gbdt/kernel.js';
import { GBDT_TRAIN_FUNCTIONS, type GbdtTrainNativeKernels } from './gbdt-train/kernel.js';
import { HNSW_FUNCTIONS, type HnswKernels } from './hnsw/kernel.js';
import { ISOTONIC_FUNCTIONS, type IsotonicKernels } from './isotonic/kernel.js';
import { MEMORY_FUNCTIONS, type MemoryKernels } from './memory/kernel.js';
import { QUANTIZATION_FUNCTIONS, type QuantizationKernels } from './quantization/kernel.js';
import { TWO_TOWER_FUNCTIONS, type TwoTowerKernels } from './two-tower/kernel.js';

export interface NativeAddon extends TwoTowerKernels, QuantizationKernels, GbdtKernels, ExactKernels, GbdtTrainNativeKernels, MemoryKernels, HnswKernels, IsotonicKernels {
  /** floats per vector register the addon was compiled for (16 AVX-512, 8 AVX, 4 SSE/NEON): float results may differ in the last bits between widths */
  vectorWidth(): number;
}

const REQUIRED: readonly (keyof NativeAddon)[] = ['vectorWidth', ...TWO_TOWER_FUNCTIONS, ...QUANTIZATION_FUNCTIONS, ...GBDT_FUNCTIONS, ...EXACT_FUNCTIONS, ...GBDT_TRAIN_FUNCTIONS, ...MEMORY_FUNCTIONS, ...HNSW_FUNCTIONS, ...ISOTONIC_FUNCTIONS];

/** Where the build puts the addon, relative to the package root (the same from src/ and dist/). */
export const ADDON_PATH = join('src', 'native', 'build', 'Release', 'recsys_native.node');

export interface NativeStatus {
  addon: NativeAddon | null;
  /** 'loaded', or why not: not built, out of date, failed to load */
  reason: string;
}

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dir;
}

/** The addon's absolute path, for worker threads that load it themselves (the HNSW shards). */
export function addonFile(): string {
  return join(packageRoot(), ADDON_PATH);
}

let loaded: NativeStatus | null = null;

/** The addon, or null and why not. Memoised. */
export function nativeStatus(): NativeStatus {
  if (loaded) return loaded;
  const file = join(packageRoot(), ADDON_PATH);
  if (!existsSync(file)) {
    loaded = { addon: null, reason: `not built (${ADDON_PATH} is missing; \`npm run build:native\` builds it)` };
  } else {
    try {
      const addon = createRequire(import.meta.url)(file) as NativeAddon;
      const missing = REQUIRED.filter((f) => typeof addon[f] !== 'function');
      loaded = missing.length === 0
        ? { addon, reason: 'loaded' }
        : { addon: null, reason: `out of date (no ${missing.join(', ')}; \`npm run build:native\` rebuilds it)` };
    } catch (err) {
      loaded = { addon: null, reason: `failed to load: ${String((err as Error).message).split('\n')[0]}` };
    }
  }
  return loaded;
}

/** The addon, or null (nativeStatus() says why). */
export function loadNative(): NativeAddon | null {
  return nativeStatus().addon;
}
