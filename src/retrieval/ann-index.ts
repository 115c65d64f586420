/** The ANN factory: `createAnnIndex({ kind, … })` and `loadAnnIndex(path)`; unknown names fail with the known ones. */
import { resolveAnnOptions } from './ann-options.js';
import { readIndexMeta } from './ann-persist.js';
import type { AnnIndex, AnnIndexOptions } from './ann-types.js';
import { ExactIndex } from './exact.js';
import { HnswIndex } from './hnsw.js';

export function createAnnIndex(options: AnnIndexOptions): AnnIndex {
  const resolved = resolveAnnOptions(options);
  return resolved.kind === 'exact' ? new ExactIndex(resolved) : new HnswIndex(resolved);
}

/** Load an index written by `save(path)`; the kind comes from its meta.json. */
export function loadAnnIndex(path: string): AnnIndex {
  const meta = readIndexMeta(path);
  const options = resolveAnnOptions(meta.options);
  return options.kind === 'exact' ? ExactIndex.load(path, { ...meta, options }) : HnswIndex.load(path, { ...meta, options });
}
