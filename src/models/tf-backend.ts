/**
 * One place that picks the TensorFlow.js backend for every model in src/models.
 *
 * Order: @tensorflow/tfjs-node (native libtensorflow; an optionalDependency whose install downloads
 * a binary, so it is often absent and nothing may require it) → @tensorflow/tfjs-backend-wasm
 * (single-threaded in Node, SIMD on) → @tensorflow/tfjs-backend-cpu (plain JS kernels).
 * `RECSYS_LAB_TF_BACKEND=tensorflow|wasm|cpu` forces one (tests force cpu or wasm so results are
 * reproducible). The choice is memoised: tfjs holds one global engine per process.
 */
import { createRequire, register } from 'node:module';
import { dirname, join } from 'node:path';
import { UsageError } from '../core/errors.js';

export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';
export type Tf = typeof import('@tensorflow/tfjs-core');
export interface TfHandle {
  tf: Tf;
  backend: TfBackendName;
}

const BACKENDS: readonly TfBackendName[] = ['tensorflow', 'wasm', 'cpu'];
let chosen: Promise<TfHandle> | null = null;

/** The backend forced by RECSYS_LAB_TF_BACKEND, or null for the automatic order. */
export function forcedBackend(env: NodeJS.ProcessEnv = process.env): TfBackendName | null {
  const raw = env.RECSYS_LAB_TF_BACKEND?.trim();
  if (!raw) return null;
  if (!(BACKENDS as readonly string[]).includes(raw)) {
    throw new UsageError(`RECSYS_LAB_TF_BACKEND must be one of ${BACKENDS.join(', ')}, got "${raw}"`);
  }
  return raw as TfBackendName;
}

/**
 * tfjs-core's CommonJS bundle (what Node loads) registers no gradient functions: the union package
 * @tensorflow/tfjs does that by importing tfjs-core/dist/register_all_gradients.js, an ES module whose
 * relative imports have no file extension, which Node's ESM resolver refuses. A resolve hook scoped to
 * tfjs-core's dist/ adds the `.js`; the gradients register into tfjs's global registry, shared with the
 * bundle. Costs ~1 s once per process. Without it tf.grad/variableGrads fail ("gradient function not found").
 */
const RESOLVE_HOOK = `export async function resolve(s, c, next) {
  try { return await next(s, c); } catch (err) {
    if (c.parentURL && c.parentURL.includes('/@tensorflow/tfjs-core/dist/') && s.startsWith('.') && !/\\.[cm]?js$/.test(s)) {
      try { return await next(s + '.js', c); } catch { return next(s + '/index.js', c); }
    }
    throw err;
  }
}`;

async function registerGradients(): Promise<void> {
  register(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`);
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
}

async function tryTensorflow(tf: Tf): Promise<boolean> {
  try {
    // a variable specifier keeps bundlers and tsc from resolving the optional package
    const name = '@tensorflow/tfjs-node';
    await import(name);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(tf: Tf): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // In Node the emscripten loader reads the .wasm files from disk; point it at the package's dist/.
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': join(dist, 'tfjs-backend-wasm.wasm'),
      'tfjs-backend-wasm-simd.wasm': join(dist, 'tfjs-backend-wasm-simd.wasm'),
      'tfjs-backend-wasm-threaded-simd.wasm': join(dist, 'tfjs-backend-wasm-threaded-simd.wasm'),
    });
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

async function tryCpu(tf: Tf): Promise<boolean> {
  await import('@tensorflow/tfjs-backend-cpu');
  return tf.setBackend('cpu');
}

async function choose(): Promise<TfHandle> {
  const forced = forcedBackend();
  const tf = await import('@tensorflow/tfjs-core');
  const order = forced ? [forced] : BACKENDS;
  for (const name of order) {
    const ok = name === 'tensorflow' ? await tryTensorflow(tf) : name === 'wasm' ? await tryWasm(tf) : await tryCpu(tf);
    if (ok) {
      await tf.ready();
      return { tf, backend: name };
    }
  }
  throw new UsageError(
    forced
      ? `RECSYS_LAB_TF_BACKEND=${forced}: that backend failed to load; unset it or choose one of ${BACKENDS.join(', ')}`
      : 'getTf: no TensorFlow.js backend loaded (tried tensorflow, wasm, cpu)',
  );
}

let gradients: Promise<void> | null = null;

/**
 * The TensorFlow.js module with a ready backend, chosen once per process (see the file comment).
 * By default tfjs's gradient functions are registered too (tf.grad, tf.variableGrads, optimizers'
 * minimize need them). Code with hand-written backward passes may pass `{ gradients: false }` to skip
 * that cost (~1 s under tsx, ~5 s under vitest, which transforms tfjs-core's ESM files per test file).
 */
export async function getTf(options: { gradients?: boolean } = {}): Promise<TfHandle> {
  if (!chosen) {
    chosen = choose().catch((err) => {
      chosen = null;
      throw err;
    });
  }
  const handle = await chosen;
  if (options.gradients !== false) {
    gradients ??= registerGradients().catch((err) => {
      gradients = null;
      throw err;
    });
    await gradients;
  }
  return handle;
}
