/**
 * A generic on-disk artefact cache: <root>/<key>/ holds manifest.json plus one raw binary file per
 * typed array. Used for the world, and reused by other areas (embeddings, ANN indexes) the same way.
 *
 * - Atomic: an artefact is written to a temp sibling (.tmp-<key>-<pid>-<time>), every file fsynced,
 *   then renamed into place. A crash or Ctrl-C leaves only a temp dir, never a half cache; temp dirs
 *   of dead processes are removed on the next use of the cache.
 * - Checked: a missing file, a size or sha256 mismatch (corrupt) or a version/params mismatch (stale)
 *   is reported through onEvent and the artefact is rebuilt.
 */
import { chmodSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, closeSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunCancelledError, UsageError } from '../core/errors.js';
import {
  MANIFEST, cacheRoot, hashJson, hostEndianness, isTypedArray, readArray, readManifest, rootProblem, stableStringify, usableCacheRoot, writeArray,
  type Artefact, type Json, type Manifest,
} from './cache-files.js';

export { cacheRoot, userCacheRoot, type Artefact, type Json, type Manifest, type TypedArray } from './cache-files.js';

export type CacheEvent =
  | { type: 'hit'; key: string; dir: string }
  /** the default cache folder is not writable: `dir` (the user cache folder) is used instead; `reason` is the note */
  | { type: 'fallback'; key: string; dir: string; reason: string }
  | { type: 'miss'; key: string; dir: string }
  | { type: 'stale'; key: string; dir: string; reason: string }
  | { type: 'corrupt'; key: string; dir: string; reason: string }
  | { type: 'built'; key: string; dir: string; bytes: number; ms: number }
  | { type: 'cleaned'; key: string; dir: string; reason: string };

export interface CacheSpec {
  /** what the artefact is, e.g. "world", "item-embeddings", "hnsw" */
  kind: string;
  /** everything that determines the artefact's content (JSON-serialisable) */
  params: Json;
  seed?: number;
  /** bump when the producing code changes what the same params produce */
  version: number | string;
  /** readable part of the key, e.g. "tiny-s42"; the key also carries a hash of the params */
  label?: string;
  /** cache root; default cacheRoot() ($RECSYS_LAB_CACHE_DIR, else <repo>/datasets/cache, else the user cache folder) */
  root?: string;
}

export interface GetOrBuildOptions<T extends Artefact> extends CacheSpec {
  build(): Promise<T>;
  onEvent?(event: CacheEvent): void;
  /** rebuild even when a valid cache exists */
  force?: boolean;
  /** 'checksum' (default) re-hashes every file on load; 'size' only checks presence and sizes */
  verify?: 'checksum' | 'size';
  signal?: AbortSignal;
}

export interface CacheResult<T> {
  value: T;
  key: string;
  dir: string;
  source: 'disk' | 'built';
}

/** The directory name of an artefact: <kind>[-<label>]-<12 hex of sha256(params, seed)>. */
export function cacheKey(spec: CacheSpec): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(spec.kind)) throw new UsageError(`cache: kind must be kebab-case, got "${spec.kind}"`);
  if (spec.label !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(spec.label)) {
    throw new UsageError(`cache: label may hold letters, digits, '.', '_' and '-', got "${spec.label}"`);
  }
  const hash = hashJson({ kind: spec.kind, params: spec.params, seed: spec.seed ?? null }).slice(0, 12);
  return [spec.kind, spec.label, hash].filter(Boolean).join('-');
}

/**
 * Read a cached artefact if it is present and valid; null when absent. Throws an Error naming the
 * problem when it is present but stale or corrupt (getOrBuild turns that into a rebuild).
 */
export function readCached<T extends Artefact>(spec: CacheSpec, verify: 'checksum' | 'size' = 'checksum'): T | null {
  const dir = join(spec.root ?? cacheRoot(), cacheKey(spec));
  if (!existsSync(dir)) return null;
  const m = readManifest(dir);
  checkFresh(m, spec);
  const out: Artefact = { ...m.json };
  for (const [name, entry] of Object.entries(m.files)) out[name] = readArray(dir, entry, verify === 'checksum');
  return out as T;
}

export class StaleCacheError extends Error {
  override name = 'StaleCacheError';
}

function checkFresh(m: Manifest, spec: CacheSpec): void {
  if (m.kind !== spec.kind) throw new StaleCacheError(`kind is ${m.kind}, expected ${spec.kind}`);
  if (m.version !== spec.version) throw new StaleCacheError(`version ${String(m.version)} ≠ current ${String(spec.version)}`);
  if (stableStringify(m.params) !== stableStringify(spec.params)) throw new StaleCacheError('params differ from the requested ones');
  if ((m.seed ?? null) !== (spec.seed ?? null)) throw new StaleCacheError(`seed ${m.seed} ≠ requested ${spec.seed}`);
  if (m.endianness !== hostEndianness()) throw new StaleCacheError(`written on a ${m.endianness} machine`);
}

/** The fallback to the user cache folder is said once per process, not once per artefact. */
let fallbackNoted = false;

/**
 * Return the cached artefact, or build it, write it atomically and return it.
 * Throws RunCancelledError when the signal is aborted (nothing is left in the cache).
 */
export async function getOrBuild<T extends Artefact>(opts: GetOrBuildOptions<T>): Promise<CacheResult<T>> {
  const key = cacheKey(opts);
  const emit = opts.onEvent ?? (() => {});
  const usable = opts.root === undefined ? usableCacheRoot() : { root: opts.root, fromEnv: false, note: null };
  const root = usable.root;
  if (usable.note && !fallbackNoted) emit({ type: 'fallback', key, dir: root, reason: usable.note });
  fallbackNoted ||= usable.note !== null;
  const dir = join(root, key);
  cleanTemps(root, emit);
  if (!opts.force && existsSync(dir)) {
    try {
      const value = readCached<T>({ ...opts, root }, opts.verify ?? 'checksum');
      if (value) {
        emit({ type: 'hit', key, dir });
        return { value, key, dir, source: 'disk' };
      }
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      emit(err instanceof StaleCacheError ? { type: 'stale', key, dir, reason } : { type: 'corrupt', key, dir, reason });
    }
  } else {
    emit({ type: 'miss', key, dir });
  }
  // checked before the build (which can take minutes), not when its result is written
  const problem = rootProblem(root);
  if (problem) {
    const named = usable.fromEnv ? ' (RECSYS_LAB_CACHE_DIR)' : '';
    throw new UsageError(`cache folder ${root}${named} ${problem}; set RECSYS_LAB_CACHE_DIR to a writable folder`);
  }
  const replace = opts.force === true || existsSync(dir);
  const t0 = performance.now();
  const value = await opts.build();
  if (opts.signal?.aborted) throw new RunCancelledError();
  const bytes = writeAtomically(root, key, opts, value, replace);
  emit({ type: 'built', key, dir, bytes, ms: performance.now() - t0 });
  return { value, key, dir, source: 'built' };
}

/**
 * Write the artefact to a temp sibling, fsync, then swap it into place. Returns bytes written.
 * With `replace` false, a valid artefact that another process committed meanwhile is kept (so
 * concurrent readers never see it vanish); with `replace` true (stale, corrupt, --force) it is swapped out.
 */
function writeAtomically(root: string, key: string, spec: CacheSpec, value: Artefact, replace: boolean): number {
  mkdirSync(root, { recursive: true });
  const tmp = join(root, `.tmp-${key}-${process.pid}-${Date.now()}`);
  mkdirSync(tmp);
  try {
    const manifest: Manifest = {
      schema: 'recsys-lab/cache@1', kind: spec.kind, key, version: spec.version, params: spec.params,
      seed: spec.seed ?? null, endianness: hostEndianness(), createdAt: new Date().toISOString(), files: {}, json: {},
    };
    let bytes = 0;
    for (const [name, v] of Object.entries(value)) {
      if (!/^[A-Za-z0-9._-]+$/.test(name) || name === 'manifest') throw new UsageError(`cache: artefact field name "${name}" is not a safe file name`);
      if (isTypedArray(v)) {
        manifest.files[name] = writeArray(tmp, name, v);
        bytes += v.byteLength;
      } else manifest.json[name] = v as Json;
    }
    writeFileSync(join(tmp, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    fsyncPath(join(tmp, MANIFEST));
    fsyncPath(tmp);
    const dir = join(root, key);
    if (existsSync(dir)) {
      if (!replace && isFresh(dir, spec)) {
        rmSync(tmp, { recursive: true, force: true });
        return bytes;
      }
      renameSync(dir, join(root, `.trash-${key}-${process.pid}-${Date.now()}`));
    }
    renameSync(tmp, dir);
    fsyncPath(root);
    cleanTemps(root, () => {});
    return bytes;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

function isFresh(dir: string, spec: CacheSpec): boolean {
  try {
    checkFresh(readManifest(dir), spec);
    return true;
  } catch {
    return false;
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on directories; the rename is still atomic
  } finally {
    closeSync(fd);
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove leftovers: .trash-* entries always, .tmp-* entries whose writer process is gone (or older than a day).
 * A leftover may be a file (a file that stood where an artefact folder belongs is trashed too) or a folder whose
 * permissions were taken away; both go.
 */
export function cleanTemps(root: string, emit: (e: CacheEvent) => void): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return; // no root yet, or not a readable folder: getOrBuild names the problem when it has to write
  }
  for (const name of names) {
    const m = /^\.(tmp|trash)-(.+)-(\d+)-(\d+)$/.exec(name);
    if (!m) continue;
    const [, what, key, pid, time] = m;
    const path = join(root, name);
    const old = Date.now() - Number(time) > 86_400_000;
    const mine = Number(pid) === process.pid;
    if (what === 'tmp' && !old && (mine || pidAlive(Number(pid)))) continue;
    if (removeLeftover(path)) emit({ type: 'cleaned', key, dir: path, reason: what === 'tmp' ? 'unfinished write of a stopped process' : 'replaced artefact' });
  }
}

/** rm -rf, giving back the owner's permissions on folders first when that is what stops it. True when it is gone. */
function removeLeftover(path: string): boolean {
  try {
    rmSync(path, { recursive: true, force: true });
    return true;
  } catch {
    // another process may be cleaning it, or a folder inside lost its r/w/x bits: restore them (ours) and retry
  }
  try {
    restoreFolderModes(path);
    rmSync(path, { recursive: true, force: true });
    return true;
  } catch {
    return false;
  }
}

function restoreFolderModes(path: string): void {
  const st = lstatSync(path);
  if (!st.isDirectory()) return;
  chmodSync(path, 0o700);
  for (const name of readdirSync(path)) restoreFolderModes(join(path, name));
}

/** The one line a cache event gives a user, or null for the routine ones (hit, miss). */
export function describeCacheEvent(e: CacheEvent): string | null {
  switch (e.type) {
    case 'stale': return `cache: ${e.key} is stale (${e.reason}); rebuilding`;
    case 'corrupt': return `cache: ${e.key} is corrupt (${e.reason}); rebuilding`;
    case 'fallback': return e.reason;
    case 'cleaned': return `cache: removed leftover ${e.dir} (${e.reason})`;
    case 'built': return `cache: wrote ${e.key} (${(e.bytes / 2 ** 20).toFixed(1)} MiB)`;
    default: return null;
  }
}

/** An onEvent for a run: one log line for what the user should know (a rebuild and why, a moved cache folder). */
export function logCacheProblems(log: (line: string) => void): (e: CacheEvent) => void {
  return (e) => {
    if (e.type === 'stale' || e.type === 'corrupt' || e.type === 'fallback') log(describeCacheEvent(e)!);
  };
}

