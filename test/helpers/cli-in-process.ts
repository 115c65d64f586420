// The CLI's own entry point, main(argv), called inside the test process: for checks of what a command prints and
// the code it exits with, where starting a process is not what is checked. A spawn of bin/recsys-lab.js costs about
// 1.3 CPU-s (a node start and the compiled CLI's imports) before the command does anything; here the imports are
// paid once per test file. It is the same compiled main() the binary runs (dist/, kept current by
// test/global-setup.ts), loaded by Node itself: through vitest the sources would be transformed again, which costs
// more than the spawns saved. Each command path keeps a real spawn (test/cli, test/hostile, test/workshops), so the
// binary itself is still exercised.
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
// @ts-expect-error: a plain JS module without types (bin/ is not compiled)
import { useBuild } from '../../bin/use-build.js';
import { repoRoot } from './cli-path.js';

type Main = typeof import('../../src/cli/main.js').main;
let loaded: Promise<Main> | undefined;

function compiledMain(): Promise<Main> {
  loaded ??= (async () => {
    if (!(useBuild as (root: string, env: object) => boolean)(repoRoot, {})) throw new Error('dist/ is older than a source under src/: the global setup (test/global-setup.ts) should have rebuilt it');
    // dist/ is external to vitest (vitest.config.ts): Node loads it as the binary does
    const url = pathToFileURL(join(repoRoot, 'dist', 'cli', 'main.js')).href;
    return ((await import(/* @vite-ignore */ url)) as { main: Main }).main;
  })();
  return loaded;
}

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

// process-wide listeners main() adds and never removes (it expects to own the process): taken off after each call,
// so that an uncaught error later in the test file is vitest's to report, not main's to turn into process.exit
const PROCESS_EVENTS = ['SIGTERM', 'SIGINT', 'uncaughtException', 'unhandledRejection'] as const;

let queue: Promise<unknown> = Promise.resolve();

export interface InProcessOptions {
  /** set for the call only (NO_COLOR=1 always) */
  env?: Record<string, string | undefined>;
  /** what the command reads on stdin, a pipe that ends after it (as spawnSync's `input`); none: an empty one */
  stdin?: string;
}

/**
 * `recsys-lab <args…>` in this process: stdout and stderr captured (nothing reaches the test's own streams), stdin
 * a pipe holding `stdin`. Calls run one at a time: the streams and the env are the process's.
 */
export function cliInProcess(args: string[], o: InProcessOptions = {}): Promise<InProcessResult> {
  const run = queue.then(() => callMain(args, { NO_COLOR: '1', ...o.env }, o.stdin ?? ''));
  queue = run.catch(() => undefined);
  return run;
}

type Write = typeof process.stdout.write;

function capture(into: string[]): Write {
  return ((chunk: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown): boolean => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
    if (typeof done === 'function') setImmediate(() => (done as (err?: Error | null) => void)(null));
    return true;
  }) as Write;
}

async function callMain(args: string[], env: Record<string, string | undefined>, input: string): Promise<InProcessResult> {
  const main = await compiledMain();
  const out: string[] = [];
  const err: string[] = [];
  const saved = { out: process.stdout.write, err: process.stderr.write };
  const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(PROCESS_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
  const stdoutBefore = new Set(process.stdout.listeners('error'));
  for (const [k, v] of Object.entries(env)) setEnv(k, v);
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(input)], { objectMode: false }), configurable: true, writable: true });
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  try {
    const code = await main(['node', 'recsys-lab', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    Object.defineProperty(process, 'stdin', stdin);
    for (const [k, v] of Object.entries(savedEnv)) setEnv(k, v);
    for (const e of PROCESS_EVENTS) {
      for (const l of emitter.listeners(e)) if (!before.get(e)!.has(l)) emitter.off(e, l as (...a: unknown[]) => void);
    }
    for (const l of process.stdout.listeners('error')) if (!stdoutBefore.has(l)) process.stdout.off('error', l as never);
  }
}

function setEnv(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}
