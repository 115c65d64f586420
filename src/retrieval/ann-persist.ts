/**
 * Atomic directory writes for saved indexes: everything goes into a sibling temp directory, which is
 * renamed into place only when complete, so a crash or Ctrl-C never leaves a half-written index at `path`.
 * meta.json carries a sha256 of every file, checked on load before any byte reaches an index (a flipped byte in
 * a code list or an hnswlib link would otherwise give wrong answers or crash the native loader); a directory
 * saved before the checksums were written loads without them.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { AnnKind, ResolvedAnnOptions } from './ann-types.js';

export const ANN_FORMAT = 'recsys-lab/ann@1';

export interface AnnMeta<K extends AnnKind = AnnKind> {
  format: typeof ANN_FORMAT;
  options: ResolvedAnnOptions<K>;
  size: number;
  /** files in the directory, e.g. vectors.f32 / ids.i32 (exact) or shard-0.hnsw … (hnsw) */
  files: string[];
  /** for HNSW: the ef in use when saved */
  ef?: number;
  /** for HNSW: elements per shard file */
  shardCounts?: number[];
  /** sha256 (hex) of every file, written by writeIndexDirAtomic */
  checksums?: Record<string, string>;
  /** what a kind stores besides its files (e.g. list lengths of an inverted file) */
  extra?: Record<string, number[]>;
}

function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

let counter = 0;

/** Write `fill(tempDir)` then meta.json, then rename the directory to `path` (replacing an old one). */
export function writeIndexDirAtomic(path: string, meta: AnnMeta, fill: (dir: string) => void): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}-${counter++}`;
  mkdirSync(tmp, { recursive: true });
  try {
    fill(tmp);
    const checksums = Object.fromEntries(meta.files.map((f) => [f, sha256File(join(tmp, f))]));
    writeFileSync(join(tmp, 'meta.json'), JSON.stringify({ ...meta, checksums }, null, 2));
    if (existsSync(path)) {
      const old = `${tmp}.old`;
      renameSync(path, old);
      renameSync(tmp, path);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, path);
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

export function readIndexMeta(path: string): AnnMeta {
  const file = join(path, 'meta.json');
  if (!existsSync(file)) throw new UsageError(`loadAnnIndex: no saved index at ${path} (missing meta.json)`);
  const meta = JSON.parse(readFileSync(file, 'utf8')) as AnnMeta;
  if (meta.format !== ANN_FORMAT) throw new UsageError(`loadAnnIndex: ${file} has format ${String(meta.format)}, expected ${ANN_FORMAT}`);
  for (const f of meta.files) if (!existsSync(join(path, f))) throw new UsageError(`loadAnnIndex: ${path} is incomplete (missing ${f})`);
  for (const [f, sum] of Object.entries(meta.checksums ?? {})) {
    if (sha256File(join(path, f)) !== sum) throw new UsageError(`loadAnnIndex: ${join(path, f)} is corrupt (its sha256 differs from meta.json's); save the index again`);
  }
  return meta;
}

/** Write a typed array's bytes to a file. */
export function writeTyped(file: string, a: Float32Array | Int32Array | Uint8Array): void {
  writeFileSync(file, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

export function readFloat32(file: string): Float32Array {
  const b = readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function readInt32(file: string): Int32Array {
  const b = readFileSync(file);
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function readUint8(file: string): Uint8Array<ArrayBuffer> {
  const b = readFileSync(file);
  return new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}
