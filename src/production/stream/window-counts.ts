/**
 * One tumbling window's counts for the stream consumer, in typed arrays so that applying an event allocates nothing
 * (a Map per user per window made a fifth of the consumer's time garbage collection): item → count, and per user a
 * chain of (leaf, count) nodes in first-seen order. Keys are found by open addressing (linear probing, Fibonacci
 * hashing) over a power-of-two slot table holding the key and its values together; the arrays double when full,
 * which a window sized from the previous one's occupancy rarely needs.
 */

function grown(x: Int32Array, n: number): Int32Array {
  const y = new Int32Array(n);
  y.set(x);
  return y;
}

/**
 * Non-negative int keys, each with `stride − 1` int values stored beside it in the slot (one cache line per probe),
 * and the keys in insertion order.
 */
class IntTable {
  /** per slot: key + 1 (0 = empty), then the values */
  cells: Int32Array;
  /** keys in insertion order */
  order: Int32Array;
  size = 0;
  private shift: number;

  constructor(expected: number, private readonly stride: number) {
    let bits = 4;
    while (1 << bits < expected * 2) bits++;
    this.cells = new Int32Array((1 << bits) * stride);
    this.shift = 32 - bits;
    this.order = new Int32Array(Math.max(8, expected));
  }

  /** Offset of the key's cell, or −1. */
  find(key: number): number {
    const { cells, stride } = this;
    const mask = cells.length / stride - 1;
    for (let s = Math.imul(key, 0x9e3779b1) >>> this.shift; ; s = (s + 1) & mask) {
      const k = cells[s * stride];
      if (k === 0) return -1;
      if (k === key + 1) return s * stride;
    }
  }

  /** Offset of the key's cell, added (values zero) when absent. Offsets move when the table grows: use it at once. */
  upsert(key: number): number {
    const { cells, stride } = this;
    const mask = cells.length / stride - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (; ; s = (s + 1) & mask) {
      const k = cells[s * stride];
      if (k === 0) break;
      if (k === key + 1) return s * stride;
    }
    if (this.size === this.order.length) this.order = grown(this.order, this.size * 2);
    this.order[this.size++] = key;
    cells[s * stride] = key + 1;
    if (this.size * 2 <= mask + 1) return s * stride;
    this.rehash();
    return this.find(key);
  }

  private rehash(): void {
    const { cells: old, stride } = this;
    const cells = new Int32Array(old.length * 2);
    this.shift--;
    const mask = cells.length / stride - 1;
    for (let o = 0; o < old.length; o += stride) {
      if (old[o] === 0) continue;
      let s = Math.imul(old[o] - 1, 0x9e3779b1) >>> this.shift;
      while (cells[s * stride] !== 0) s = (s + 1) & mask;
      cells.set(old.subarray(o, o + stride), s * stride);
    }
    this.cells = cells;
  }
}

/** How many entries a window held: the next window is sized from it. */
export interface WindowSize {
  items: number;
  users: number;
  leaves: number;
}

export class WindowCounts {
  /** item → count */
  private readonly items: IntTable;
  /** user → first leaf node + 1 (0 = none), last leaf node */
  private readonly users: IntTable;
  private leaf: Int32Array;
  private leafCount: Int32Array;
  /** next node of the same user + 1 (0 = end) */
  private leafNext: Int32Array;
  private nodes = 0;

  constructor(size: WindowSize) {
    this.items = new IntTable(size.items, 2);
    this.users = new IntTable(size.users, 4);
    const n = Math.max(8, size.leaves);
    this.leaf = new Int32Array(n);
    this.leafCount = new Int32Array(n);
    this.leafNext = new Int32Array(n);
  }

  get size(): WindowSize {
    return { items: this.items.size, users: this.users.size, leaves: this.nodes };
  }

  /** Count one event: the item, and the leaf for the user. O(leaves the user has in this window). */
  add(user: number, item: number, leaf: number): void {
    const i = this.items.upsert(item);
    this.items.cells[i + 1]++;
    const u = this.users.upsert(user);
    const cells = this.users.cells;
    for (let node = cells[u + 1] - 1; node >= 0; node = this.leafNext[node] - 1) {
      if (this.leaf[node] === leaf) {
        this.leafCount[node]++;
        return;
      }
    }
    const node = this.nodes++;
    if (node === this.leaf.length) this.growNodes();
    this.leaf[node] = leaf;
    this.leafCount[node] = 1;
    this.leafNext[node] = 0;
    if (cells[u + 1] === 0) cells[u + 1] = node + 1;
    else this.leafNext[cells[u + 2]] = node + 1;
    cells[u + 2] = node;
  }

  /** Add the user's leaf counts in this window to `out`. */
  addUserLeaves(user: number, out: Map<number, number>): void {
    const u = this.users.find(user);
    if (u < 0) return;
    for (let node = this.users.cells[u + 1] - 1; node >= 0; node = this.leafNext[node] - 1) {
      const l = this.leaf[node];
      out.set(l, (out.get(l) ?? 0) + this.leafCount[node]);
    }
  }

  /** Add this window's item counts to `out` (items in first-seen order). */
  addItems(out: Map<number, number>): void {
    const { order, size, cells } = this.items;
    for (let e = 0; e < size; e++) {
      const key = order[e];
      out.set(key, (out.get(key) ?? 0) + cells[this.items.find(key) + 1]);
    }
  }

  private growNodes(): void {
    const n = this.leaf.length * 2;
    this.leaf = grown(this.leaf, n);
    this.leafCount = grown(this.leafCount, n);
    this.leafNext = grown(this.leafNext, n);
  }
}
