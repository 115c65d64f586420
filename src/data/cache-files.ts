/**
 * Low-level pieces of the artefact cache: typed-array (de)serialisation as raw little-endian
 * binary, checksums, the manifest format, and the cache root.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** The cache root: $RECSYS_LAB_CACHE_DIR, else <repo>/datasets/cache. */
export function cacheRoot(): string {
  const env = process.env.RECSYS_LAB_CACHE_DIR;
  if (env && env.trim()) return resolve(env);
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'datasets', 'cache');
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
  return { file, dtype, length: v.length, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
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
  } catch {
    throw new Error(`${entry.file} is missing`);
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
    const sum = createHash('sha256').update(bytes).digest('hex');
    if (sum !== entry.sha256) throw new Error(`${entry.file}: checksum mismatch (sha256 ${sum.slice(0, 12)}…, manifest ${entry.sha256.slice(0, 12)}…)`);
  }
  return out;
}

export function readManifest(dir: string): Manifest {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), 'utf8');
  } catch {
    throw new Error(`${MANIFEST} is missing`);
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
