/**
 * Low-level pieces of the artefact cache: typed-array (de)serialisation as raw little-endian
 * binary, checksums, the manifest format, and the cache root.
 */
import { createHash } from 'node:crypto';
import { accessSync, closeSync, constants, fsyncSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errnoText } from '../core/errors.js';

export type TypedArray =
  | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** An artefact: named typed arrays (stored as raw binary files) and small JSON values (stored in the manifest). */
export type Artefact = Record<string, TypedArray | Json>;

const ctors = {
  Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
} as const;
export type DType = keyof typeof ctors;

export interface FileEntry {
  file: string;
  dtype: DType;
  length: number;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  schema: 'recsys-lab/cache@1';
  kind: string;
  key: string;
  version: number | string;
  params: Json;
  seed: number | null;
  endianness: 'LE' | 'BE';
  createdAt: string;
  files: Record<string, FileEntry>;
  json: Record<string, Json>;
}

export const MANIFEST = 'manifest.json';

/** The cache root as configured: $RECSYS_LAB_CACHE_DIR, else <repo>/datasets/cache (see usableCacheRoot). */
export function configuredCacheRoot(): { root: string; fromEnv: boolean } {
  const env = process.env.RECSYS_LAB_CACHE_DIR;
  if (env && env.trim()) return { root: resolve(env), fromEnv: true };
  return { root: join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'datasets', 'cache'), fromEnv: false };
}

/** The per-user cache folder: $XDG_CACHE_HOME/recsys-lab (absolute paths only, as the XDG spec says), else ~/.cache/recsys-lab. */
export function userCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(os.homedir(), '.cache');
  return join(base, 'recsys-lab');
}

/**
 * Why artefacts cannot be written under `root`, or null when they can: it (or, when it does not exist yet, its
 * nearest existing ancestor) must be a writable folder.
 */
export function rootProblem(root: string): string | null {
  let p = root;
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && dirname(p) !== p) {
        p = dirname(p);
        continue;
      }
      return code === 'ENOTDIR' ? 'lies inside a file, not a folder' : `cannot be checked (${errnoText(err)})`;
    }
    const where = p === root ? '' : ` (its parent ${p})`;
    if (!st.isDirectory()) return `is not a folder${where}`;
    try {
      accessSync(p, constants.W_OK | constants.X_OK);
      return null;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'EROFS' ? `is on a read-only file system${where}` : `is not writable${where} (permission denied)`;
    }
  }
}

/**
 * The cache root to use, and a note when it is not the configured one. $RECSYS_LAB_CACHE_DIR is used as given
 * (getOrBuild refuses to build into it when it is not writable, naming the variable). The default folder inside
 * the package may not be writable (an install owned by root): then the per-user cache folder is used, and the
 * note says so (getOrBuild passes it on once per process).
 */
export function usableCacheRoot(): { root: string; fromEnv: boolean; note: string | null } {
  const configured = configuredCacheRoot();
  if (configured.fromEnv) return { ...configured, note: null };
  const problem = rootProblem(configured.root);
  if (!problem) return { ...configured, note: null };
  const root = userCacheRoot();
  return { root, fromEnv: false, note: `cache: ${configured.root} ${problem}; using ${root} (set RECSYS_LAB_CACHE_DIR to choose)` };
}

/** The cache root: $RECSYS_LAB_CACHE_DIR, else <repo>/datasets/cache, else (when that is not writable) the user cache folder. */
export function cacheRoot(): string {
  return usableCacheRoot().root;
}

/** "x.bin is missing" / "is not readable (permission denied)": what an open error means for a cache file. */
function openProblem(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${file} is missing`;
  if (code === 'EACCES' || code === 'EPERM') return `${file} is not readable (permission denied)`;
  return `${file} cannot be opened (${errnoText(err)})`;
}

export function isTypedArray(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) && dtypeOf(v as TypedArray) !== null;
}

export function dtypeOf(v: TypedArray): DType | null {
  for (const [name, ctor] of Object.entries(ctors)) if (v instanceof ctor) return name as DType;
  return null;
}

function bytesOf(v: TypedArray): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/** The checksum the manifest keeps for every file: sha256 (≈ 1.5 GB/s here; bench/hnsw-cache.bench.ts weighs it against a load). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A stable hex digest of a JSON value (object keys sorted), for cache keys. */
export function hashJson(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex');
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/** Write a typed array to `path` and fsync it; returns its manifest entry. O(bytes). */
export function writeArray(dir: string, name: string, v: TypedArray): FileEntry {
  const file = `${name}.bin`;
  const bytes = bytesOf(v);
  const fd = openSync(join(dir, file), 'w');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 26));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const dtype = dtypeOf(v);
  if (!dtype) throw new Error(`cache: ${name} is not a supported typed array`);
  return { file, dtype, length: v.length, bytes: bytes.length, sha256: sha256Hex(bytes) };
}

/**
 * Read a typed array back into a freshly allocated (aligned) buffer. With `verify`, recompute the
 * sha256 and compare. Throws an Error whose message names the problem (missing, size, checksum).
 */
export function readArray(dir: string, entry: FileEntry, verify: boolean): TypedArray {
  const ctor = ctors[entry.dtype];
  if (!ctor) throw new Error(`unknown dtype ${entry.dtype} for ${entry.file}`);
  const out = new ctor(entry.length);
  const bytes = bytesOf(out);
  if (bytes.length !== entry.bytes) throw new Error(`${entry.file}: manifest says ${entry.bytes} bytes for ${entry.length} × ${entry.dtype}`);
  let fd: number;
  try {
    fd = openSync(join(dir, entry.file), 'r');
  } catch (err) {
    throw new Error(openProblem(entry.file, err));
  }
  try {
    let off = 0;
    while (off < bytes.length) {
      const n = readSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 26), off);
      if (n === 0) throw new Error(`${entry.file} is truncated (${off} of ${entry.bytes} bytes)`);
      off += n;
    }
    const extra = readSync(fd, new Uint8Array(1), 0, 1, off);
    if (extra !== 0) throw new Error(`${entry.file} is longer than the manifest's ${entry.bytes} bytes`);
  } finally {
    closeSync(fd);
  }
  if (verify) {
    const sum = sha256Hex(bytes);
    if (sum !== entry.sha256) throw new Error(`${entry.file}: checksum mismatch (sha256 ${sum.slice(0, 12)}…, manifest ${entry.sha256.slice(0, 12)}…)`);
  }
  return out;
}

export function readManifest(dir: string): Manifest {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOTDIR' ? 'the entry is a file, not a folder' : openProblem(MANIFEST, err));
  }
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw new Error(`${MANIFEST} is not valid JSON`);
  }
  if (m?.schema !== 'recsys-lab/cache@1' || typeof m.files !== 'object' || m.files === null) {
    throw new Error(`${MANIFEST} has no recsys-lab/cache@1 schema`);
  }
  return m;
}

export function hostEndianness(): 'LE' | 'BE' {
  return os.endianness();
}
