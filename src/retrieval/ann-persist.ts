/**
 * Atomic directory writes for saved indexes: everything goes into a sibling temp directory, which is
 * renamed into place only when complete, so a crash or Ctrl-C never leaves a half-written index at `path`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { AnnIndexOptions } from './ann-types.js';

export const ANN_FORMAT = 'recsys-lab/ann@1';

export interface AnnMeta {
  format: typeof ANN_FORMAT;
  options: Required<AnnIndexOptions>;
  size: number;
  /** files in the directory, e.g. vectors.f32 / ids.i32 (exact) or shard-0.hnsw … (hnsw) */
  files: string[];
  /** for HNSW: the ef in use when saved */
  ef?: number;
  /** for HNSW: elements per shard file */
  shardCounts?: number[];
}

let counter = 0;

/** Write `fill(tempDir)` then meta.json, then rename the directory to `path` (replacing an old one). */
export function writeIndexDirAtomic(path: string, meta: AnnMeta, fill: (dir: string) => void): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}-${counter++}`;
  mkdirSync(tmp, { recursive: true });
  try {
    fill(tmp);
    writeFileSync(join(tmp, 'meta.json'), JSON.stringify(meta, null, 2));
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
  return meta;
}

/** Write a typed array's bytes to a file. */
export function writeTyped(file: string, a: Float32Array | Int32Array): void {
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
