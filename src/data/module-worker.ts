/**
 * Start a worker thread on a module that sits beside the caller: the compiled .js file when the caller was loaded
 * from dist/, the .ts source through tsx's loader when it was loaded from the sources (tsx, `npm run dev`, vitest).
 * Workers do not inherit the parent's loader hooks, so a worker on a .ts file registers tsx itself first.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The parent's node options a worker may take: a worker inherits them by default, and the ones about the parent's
 * own inline script (`node --input-type=module -e …`) make a worker refuse to start.
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print' || a === '--input-type') i++;
    else if (!/^--(eval|print|input-type)=/.test(a)) out.push(a);
  }
  return out;
}

/** `base` is the caller's `import.meta.url`; `name` the sibling module without its extension. */
export function spawnModuleWorker(name: string, base: string, options: WorkerOptions = {}): Worker {
  const fromSource = /\.tsx?$/.test(new URL(base).pathname);
  const entry = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, base);
  const opts: WorkerOptions = { execArgv: workerExecArgv(), ...options };
  if (!fromSource) return new Worker(entry, opts);
  const tsx = import.meta.resolve('tsx/esm/api');
  const src = `(async () => { const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry.href)}); })()`;
  return new Worker(src, { ...opts, eval: true });
}
