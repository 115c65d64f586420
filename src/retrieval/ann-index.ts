/** The ANN factory: `createAnnIndex({ kind, … })` and `loadAnnIndex(path)`; unknown names fail with the known ones. */
import { resolveAnnOptions } from './ann-options.js';
import { readIndexMeta, type AnnMeta } from './ann-persist.js';
import type { AnnIndex, AnnIndexOptions, ResolvedAnnOptions } from './ann-types.js';
import { ExactIndex } from './exact.js';
import { HnswIndex } from './hnsw.js';
import { IvfIndex } from './ivf.js';
import { MipsAsL2Index } from './mips-as-l2.js';
import { Sq8Index } from './sq8.js';

export function createAnnIndex(options: AnnIndexOptions): AnnIndex {
  const o = resolveAnnOptions(options) as ResolvedAnnOptions;
  switch (o.kind) {
    case 'exact': return new ExactIndex(o);
    case 'hnsw': return new HnswIndex(o);
    case 'ivf':
    case 'ivfpq': return new IvfIndex(o);
    case 'sq8': return new Sq8Index(o);
  }
}

/** Load an index written by `save(path)`: the kind comes from its meta.json, every file is checked against its sha256. */
export function loadAnnIndex(path: string): AnnIndex {
  const meta = readIndexMeta(path);
  const options = resolveAnnOptions(meta.options) as ResolvedAnnOptions;
  switch (options.kind) {
    case 'exact': return ExactIndex.load(path, { ...meta, options } as AnnMeta<'exact'>);
    case 'hnsw': {
      // an ip-as-l2 index (mips-as-l2.ts) keeps its L2 graph in a sub-directory and R in meta.extra
      const hnswMeta = { ...meta, options } as AnnMeta<'hnsw'>;
      return MipsAsL2Index.load(path, hnswMeta, loadAnnIndex) ?? HnswIndex.load(path, hnswMeta);
    }
    case 'ivf':
    case 'ivfpq': return IvfIndex.load(path, { ...meta, options } as AnnMeta<'ivf' | 'ivfpq'>);
    case 'sq8': return Sq8Index.load(path, { ...meta, options } as AnnMeta<'sq8'>);
  }
}
