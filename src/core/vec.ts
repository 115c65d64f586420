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
  if (m < n && n >= SELECT_FROM) {
    const picked = topKBySelection(scores, m);
    if (picked) return picked;
  }
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
  for (let i = 0; i < m; i++) {
    heap[size++] = i;
    siftUp(size - 1);
  }
  // the scan that dominates (most items never enter): worse(root, i) written out against the root's score, kept at hand
  let root = heap[0];
  let rootScore = scores[root];
  for (let i = m; i < n; i++) {
    const s = scores[i];
    if (rootScore < s || (rootScore === s && root > i)) {
      heap[0] = i;
      siftDown(0);
      root = heap[0];
      rootScore = scores[root];
    }
  }
  return bestFirst(scores, heap);
}

/** Below this many scores the heap alone is as quick. */
const SELECT_FROM = 256;

/** The kept indices in the order topK returns: best first, ties to the lower index (a total order: one answer). */
function bestFirst(scores: ArrayLike<number>, kept: Int32Array): Int32Array {
  const out = Array.from(kept);
  out.sort((x, y) => (scores[y] - scores[x]) || x - y);
  return Int32Array.from(out);
}

/**
 * topK without the heap when no score is NaN (null otherwise: a NaN compares false both ways, and the heap's order
 * then decides what is kept). The m best are then exactly the scores above the m-th largest, t, plus the lowest
 * indices among those equal to t — the same set the heap keeps, in the same order. O(n) expected (quickselect on a
 * copy) + O(m log m).
 */
function topKBySelection(scores: ArrayLike<number>, m: number): Int32Array | null {
  const n = scores.length;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = scores[i];
    if (v !== v) return null;
    a[i] = v;
  }
  const t = kthSmallest(a, n - m);
  const kept = new Int32Array(m);
  let w = 0;
  for (let i = 0; i < n; i++) if (scores[i] > t) kept[w++] = i;
  for (let i = 0; i < n && w < m; i++) if (scores[i] === t) kept[w++] = i;
  return bestFirst(scores, kept);
}

/** The k-th smallest value (0-based) of `a` (no NaN), reordering `a`: Hoare's quickselect, median-of-three pivot. */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const x = a[lo];
    const y = a[(lo + hi) >> 1];
    const z = a[hi];
    const p = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) {
        const tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
