/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, 2011; public domain reference: smhasher/src/MurmurHash3.cpp,
 * `MurmurHash3_x86_32`). Chosen for the hashing trick because it is the hash scikit-learn's FeatureHasher and
 * Vowpal Wabbit use, it is fast on short keys, and its avalanche behaviour makes `hash mod n` close to uniform.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (the byte sequence the hash is defined over). */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * MurmurHash3_x86_32 of a byte array: 4-byte little-endian blocks mixed with c1/c2, rotations 15 and 13,
 * then the tail and the fmix32 finaliser. Returns an unsigned 32-bit integer.
 * Complexity O(bytes). Throws nothing (the seed is reduced to 32 bits).
 */
export function murmurHash3x86_32(bytes: Uint8Array, seed = 0): number {
  const len = bytes.length;
  const nBlocks = len >>> 2;
  let h = seed >>> 0;
  for (let b = 0; b < nBlocks; b++) {
    const i = b << 2;
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = nBlocks << 2;
  let k1 = 0;
  // the reference's switch falls through from 3 to 1; written as ifs
  const rem = len & 3;
  if (rem === 3) k1 ^= bytes[tail + 2] << 16;
  if (rem >= 2) k1 ^= bytes[tail + 1] << 8;
  if (rem >= 1) {
    k1 ^= bytes[tail];
    k1 = Math.imul(k1, C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, C2);
    h ^= k1;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3_x86_32 of the UTF-8 encoding of `text`. O(length). */
export function murmurHash3String(text: string, seed = 0): number {
  return murmurHash3x86_32(utf8Bytes(text), seed);
}
