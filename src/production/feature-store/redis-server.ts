/**
 * A private redis-server for one run: started on a free loopback port with its working folder in a new temp folder,
 * no persistence, and stopped (process gone, folder removed) by `stop()` — also when the process exits early
 * (an exit hook kills it and removes the folder), so a cancelled or failed run leaves nothing behind. The server
 * runs in its own process group: Ctrl-C reaches the lab, which cancels the run and stops the server in order.
 * A missing redis-server is a UsageError naming the Debian package, found before anything starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { RespClient } from './resp-client.js';

const START_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 2_000;

/** Where redis-server is looked for: PATH, then /usr/bin and /usr/sbin (Debian's place for it). */
export function redisSearchPath(): string[] {
  return [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/usr/sbin'];
}

/** The redis-server executable in the first of `dirs` that holds one, or null. */
export function findRedisServer(dirs: readonly string[] = redisSearchPath()): string | null {
  for (const dir of dirs) {
    const file = join(dir, 'redis-server');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** The message for a missing server (exit 2): what to install and how. */
export function missingRedisMessage(who: string): string {
  return `${who}: store=redis needs redis-server, which is not installed (Debian package redis-server: sudo apt-get install redis-server); or use store=embedded`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class RedisServer {
  private exited = false;
  private readonly onExit = (): void => this.killNow();

  private constructor(readonly port: number, readonly dir: string, private readonly child: ChildProcess, readonly output: string[]) {
    child.once('exit', () => { this.exited = true; });
    process.once('exit', this.onExit);
  }

  /** Start a server; throws UsageError when redis-server is missing, Error when it does not come up. */
  static async start(who = 'store', searchPath: readonly string[] = redisSearchPath()): Promise<RedisServer> {
    const bin = findRedisServer(searchPath);
    if (!bin) throw new UsageError(missingRedisMessage(who));
    const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-redis-'));
    let server: RedisServer | null = null;
    try {
      const port = await freePort();
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', ''];
      const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const output: string[] = [];
      child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
      child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
      child.once('error', (e) => output.push(String(e)));
      server = new RedisServer(port, dir, child, output);
      await server.waitReady();
      return server;
    } catch (err) {
      if (server) await server.stop();
      else rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exited) break;
      try {
        const c = await RespClient.connect(this.port);
        try {
          if ((await c.call('PING')) === 'PONG') return;
        } finally {
          c.close();
        }
      } catch {
        await sleep(25);
      }
    }
    throw new Error(`redis-server did not start on 127.0.0.1:${this.port} within ${START_TIMEOUT_MS} ms: ${this.output.join('').trim().slice(-500) || '(no output)'}`);
  }

  /** A new client connection to this server. */
  connect(): Promise<RespClient> {
    return RespClient.connect(this.port);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Stop the server (SIGTERM, SIGKILL after 2 s) and remove its folder. Safe to call twice. */
  async stop(): Promise<void> {
    process.off('exit', this.onExit);
    if (!this.exited && this.child.pid !== undefined) {
      const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await gone;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous last resort at process exit. */
  private killNow(): void {
    if (!this.exited) this.child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
