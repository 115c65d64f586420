/** Dense vector helpers over row-major Float32Array matrices. */

/** Dot product of row `i` of `a` and row `j` of `b`, both with `dim` columns. */
export function dotRows(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  let s = 0;
  const oa = i * dim;
  const ob = j * dim;
  for (let d = 0; d < dim; d++) s += a[oa + d] * b[ob + d];
  return s;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`dot: lengths differ (${a.length} vs ${b.length})`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** Scale every row of a row-major matrix to unit L2 norm in place (zero rows stay zero). */
export function normalizeRows(m: Float32Array, dim: number): Float32Array {
  const rows = m.length / dim;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const o = r * dim;
    for (let d = 0; d < dim; d++) s += m[o + d] * m[o + d];
    if (s > 0) {
      const inv = 1 / Math.sqrt(s);
      for (let d = 0; d < dim; d++) m[o + d] *= inv;
    }
  }
  return m;
}

/**
 * Indices of the k largest scores, best first; ties go to the lower index.
 * O(n log k) with a small binary heap, so it stays cheap for n = 1M, k = 100.
 */
export function topK(scores: ArrayLike<number>, k: number): Int32Array {
  const n = scores.length;
  const m = Math.min(k, n);
  if (m <= 0) return new Int32Array(0);
  // min-heap on (score, -index): the root is the current worst kept item
  const heap = new Int32Array(m);
  let size = 0;
  const worse = (x: number, y: number): boolean =>
    scores[x] < scores[y] || (scores[x] === scores[y] && x > y);
  const siftUp = (pos: number): void => {
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!worse(heap[pos], heap[parent])) break;
      const t = heap[pos];
      heap[pos] = heap[parent];
      heap[parent] = t;
      pos = parent;
    }
  };
  const siftDown = (pos: number): void => {
    for (;;) {
      const l = 2 * pos + 1;
      const r = l + 1;
      let w = pos;
      if (l < size && worse(heap[l], heap[w])) w = l;
      if (r < size && worse(heap[r], heap[w])) w = r;
      if (w === pos) return;
      const t = heap[pos];
      heap[pos] = heap[w];
      heap[w] = t;
      pos = w;
    }
  };
  for (let i = 0; i < n; i++) {
    if (size < m) {
      heap[size++] = i;
      siftUp(size - 1);
    } else if (worse(heap[0], i)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  const out = Array.from(heap);
  out.sort((x, y) => (scores[y] - scores[x]) || x - y);
  return Int32Array.from(out);
}
