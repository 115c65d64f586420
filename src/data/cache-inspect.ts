/** What is in the cache: one entry per artefact directory, with sizes, age and an optional integrity check. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errnoText, UsageError } from '../core/errors.js';
import { cacheRoot, readArray, readManifest, type Json } from './cache-files.js';

export interface CacheEntryInfo {
  key: string;
  dir: string;
  kind: string | null;
  version: number | string | null;
  seed: number | null;
  params: Json;
  json: Record<string, Json>;
  createdAt: string | null;
  ageSeconds: number | null;
  files: number;
  bytes: number;
  /** element count of each typed-array file, by artefact field name */
  lengths: Record<string, number>;
  /** null when not checked; otherwise whether every file is present with the right size and sha256 */
  ok: boolean | null;
  problem?: string;
}

/** List artefact directories under the root (temp and trash dirs excluded). O(entries), plus O(bytes) with verify. */
export function listCache(options: { root?: string; verify?: boolean; kind?: string } = {}): CacheEntryInfo[] {
  const root = options.root ?? cacheRoot();
  if (!existsSync(root)) return [];
  let keys: string[];
  try {
    keys = readdirSync(root).sort();
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'is a file, not a folder' : `cannot be listed (${errnoText(err)})`;
    throw new UsageError(`cache folder ${root} ${why}; set RECSYS_LAB_CACHE_DIR to a folder`);
  }
  const out: CacheEntryInfo[] = [];
  for (const key of keys) {
    const dir = join(root, key);
    if (key.startsWith('.')) continue;
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      /* a dangling link or an entry gone meanwhile: not an artefact */
    }
    if (!isDir) continue;
    const info = inspect(key, dir, options.verify === true);
    if (options.kind && info.kind !== options.kind) continue;
    out.push(info);
  }
  return out;
}

function inspect(key: string, dir: string, verify: boolean): CacheEntryInfo {
  const base: CacheEntryInfo = {
    key, dir, kind: null, version: null, seed: null, params: null, json: {}, createdAt: null, ageSeconds: null,
    files: 0, bytes: 0, lengths: {}, ok: verify ? false : null,
  };
  let m;
  try {
    m = readManifest(dir);
  } catch (err) {
    return { ...base, ok: false, problem: (err as Error).message };
  }
  const entries = Object.values(m.files);
  const info: CacheEntryInfo = {
    ...base, kind: m.kind, version: m.version, seed: m.seed, params: m.params, json: m.json, createdAt: m.createdAt,
    ageSeconds: Math.max(0, (Date.now() - Date.parse(m.createdAt)) / 1000),
    files: entries.length, bytes: entries.reduce((s, e) => s + e.bytes, 0),
    lengths: Object.fromEntries(Object.entries(m.files).map(([name, e]) => [name, e.length])),
  };
  if (!verify) return info;
  try {
    for (const e of entries) readArray(dir, e, true);
    return { ...info, ok: true };
  } catch (err) {
    return { ...info, ok: false, problem: (err as Error).message };
  }
}
