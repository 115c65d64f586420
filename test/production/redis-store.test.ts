// The online store through a real Redis: the lab starts a private redis-server on loopback in a temp folder, writes
// each user's features, and reads them back exactly as the embedded store does; stopping (or the process exiting)
// leaves no server and no folder behind. Tests that need redis-server skip with a message where it is absent, and
// CI must have it (.ci/run installs the Debian package).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { RedisServer, findRedisServer } from '../../src/production/feature-store/redis-server.js';
import { encodeCommand, parseReply, RespError } from '../../src/production/feature-store/resp-client.js';
import { EmbeddedUserFeatures, RedisUserFeatures, sameFeatures, userFeaturesFrom } from '../../src/production/stream/user-features.js';

const redis = findRedisServer();
let run = 0; // a key prefix per property run, so runs do not read each other's users
if (!redis) console.warn('redis tests skipped: redis-server is not installed (Debian package redis-server)');

/** Running (a zombie is not: where PID 1 does not reap orphans, as in some containers, a killed orphan stays one). */
const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
};

describe('RESP encoding and parsing', () => {
  it('encodes a command as an array of bulk strings', () => {
    expect(encodeCommand(['HMGET', 'u:1', 'l']).toString()).toBe('*3\r\n$5\r\nHMGET\r\n$3\r\nu:1\r\n$1\r\nl\r\n');
  });

  it('parses every reply type, and waits for more bytes on a partial one', () => {
    const buf = Buffer.from('+OK\r\n:42\r\n$3\r\nabc\r\n$-1\r\n*2\r\n$1\r\nx\r\n$-1\r\n-ERR bad\r\n');
    const values: unknown[] = [];
    let pos = 0;
    while (pos < buf.length) {
      const r = parseReply(buf, pos);
      if (!r) throw new Error('incomplete');
      values.push(r.value);
      pos = r.end;
    }
    expect(values.slice(0, 5)).toEqual(['OK', 42, 'abc', null, ['x', null]]);
    expect(values[5]).toBeInstanceOf(RespError);
    expect(parseReply(Buffer.from('$10\r\nabc'), 0)).toBeNull();
    expect(parseReply(Buffer.from('*2\r\n$1\r\nx\r\n'), 0)).toBeNull();
  });
});

describe('a missing redis-server', () => {
  it('is a UsageError naming the Debian package, before anything starts', async () => {
    expect(findRedisServer(['/nonexistent'])).toBeNull();
    const err = await RedisServer.start('freshness', ['/nonexistent']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(String((err as Error).message)).toMatch(/freshness: store=redis needs redis-server.*apt-get install redis-server/);
  });

  it.runIf(process.env.CI)('is installed where CI runs', () => {
    expect(redis, 'CI must install redis-server (apt-get install -y redis-server)').not.toBeNull();
  });
});

describe.skipIf(!redis)('a private redis-server', () => {
  it('returns the same features as the embedded store for the same writes, and stops without a trace', { timeout: 30_000 }, async () => {
    const server = await RedisServer.start('test');
    const client = await server.connect();
    try {
      const featureArb = fc.record({
        leaves: fc.dictionary(fc.integer({ min: 0, max: 300 }).map(String), fc.integer({ min: 1, max: 50 }), { maxKeys: 6 }),
        recent: fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 20 }),
      });
      await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), featureArb), { minLength: 1, maxLength: 40 }), async (writes) => {
        const embedded = new EmbeddedUserFeatures(86_400, 20);
        const red = new RedisUserFeatures(client, `t${run++}:`);
        for (const [t, [user, f]] of writes.entries()) {
          const features = userFeaturesFrom(new Map(Object.entries(f.leaves).map(([l, c]) => [Number(l), c])), f.recent);
          await embedded.write(user, features, t);
          await red.write(user, features, t);
        }
        for (const [user] of writes) expect(sameFeatures(await red.read(user), embedded.read(user, writes.length))).toBe(true);
      }), { numRuns: 25 });
    } finally {
      client.close();
      await server.stop();
    }
    expect(alive(server.pid)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
  });

  it('is stopped and its folder removed when the process exits without stopping it', { timeout: 30_000 }, () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/redis-exit-child.ts', 'exit'], { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8' });
    expect(child.status).toBe(0);
    const { pid, dir } = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { pid: number; dir: string };
    expect(alive(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
