/** A sha256 over every typed array of a world (and its config/split), for "same seed ⇒ same bytes" checks. */
import { createHash } from 'node:crypto';
import type { World } from '../../src/data/world-types.js';

export function worldHash(w: World): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(w.config));
  h.update(JSON.stringify(w.split));
  for (const part of [w.users, w.items, w.interactions] as unknown as Record<string, unknown>[]) {
    for (const key of Object.keys(part).sort()) {
      const v = part[key];
      h.update(key);
      if (ArrayBuffer.isView(v)) h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      else h.update(String(v));
    }
  }
  return h.digest('hex');
}
