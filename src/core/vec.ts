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
 * O(n + k log k) by selection (topKBySelection); with a NaN among the scores, O(n log k) by a small binary heap.
 */
export function topK(scores: ArrayLike<number>, k: number): Int32Array {
  const n = scores.length;
  const m = Math.min(k, n);
  if (m <= 0) return new Int32Array(0);
  if (m < n) {
    const picked = topKBySelection(scores, m);
    if (picked) return picked;
  } else if (m === n) {
    // every index is kept: only the order is asked for, and without NaN it is one total order whatever the input order
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    const sorted = bestFirstNoNaN(scores, all);
    if (sorted) return sorted;
  }
  return bestFirst(scores, heapKeep(scores, m));
}

/**
 * The m best indices (ties to the lower index) by a small binary min-heap, in heap order: O(n log m). topK's path
 when a score is NaN (its order then decides what is kept); bench/top-k times it as the code selection replaced.
 */
export function heapKeep(scores: ArrayLike<number>, m: number): Int32Array {
  const n = scores.length;
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
  return heap;
}

/** The kept indices in the order topK returns: best first, ties to the lower index (a total order: one answer). */
function bestFirst(scores: ArrayLike<number>, kept: Int32Array): Int32Array {
  const sorted = bestFirstNoNaN(scores, kept);
  if (sorted) return sorted;
  // a NaN compares as a tie both ways, so the order then depends on the sort's own steps: keep them as they were
  const out = Array.from(kept);
  out.sort((x, y) => (scores[y] - scores[x]) || x - y);
  return Int32Array.from(out);
}

/**
 * bestFirst when no kept score is NaN (null otherwise), without a comparator: a merge sort over the kept scores copied
 * into one Float64Array. Without NaN, (score descending, index ascending) is a strict total order — −∞ against −∞ and
 * −0 against +0 are ties, broken by index, exactly as `(scores[y] − scores[x]) || x − y` breaks them — so any correct
 * sort returns the same permutation as Array.prototype.sort with that comparator. O(m log m).
 */
function bestFirstNoNaN(scores: ArrayLike<number>, kept: Int32Array): Int32Array | null {
  const m = kept.length;
  const key = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const v = scores[kept[j]];
    if (v !== v) return null;
    key[j] = v;
  }
  // positions into kept/key, sorted; `before(a, b)`: a's score is higher, or equal with the lower index
  let src = new Int32Array(m);
  let dst = new Int32Array(m);
  for (let j = 0; j < m; j++) src[j] = j;
  // runs of RUN by insertion sort, then bottom-up merges
  for (let lo = 0; lo < m; lo += RUN) {
    const hi = Math.min(lo + RUN, m);
    for (let i = lo + 1; i < hi; i++) {
      const p = src[i];
      const kp = key[p];
      const ip = kept[p];
      let j = i - 1;
      for (; j >= lo; j--) {
        const q = src[j];
        const kq = key[q];
        if (kq > kp || (kq === kp && kept[q] < ip)) break;
        src[j + 1] = q;
      }
      src[j + 1] = p;
    }
  }
  for (let width = RUN; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      const mid = Math.min(lo + width, m);
      const hi = Math.min(lo + 2 * width, m);
      let a = lo;
      let b = mid;
      let w = lo;
      while (a < mid && b < hi) {
        const pa = src[a];
        const pb = src[b];
        const ka = key[pa];
        const kb = key[pb];
        if (kb > ka || (kb === ka && kept[pb] < kept[pa])) {
          dst[w++] = pb;
          b++;
        } else {
          dst[w++] = pa;
          a++;
        }
      }
      while (a < mid) dst[w++] = src[a++];
      while (b < hi) dst[w++] = src[b++];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  const out = new Int32Array(m);
  for (let j = 0; j < m; j++) out[j] = kept[src[j]];
  return out;
}

const RUN = 16;

/**
 * topK without the heap when no score is NaN (null otherwise: a NaN compares false both ways, and the heap's order
 * then decides what is kept). The m best are then exactly the scores above the m-th largest, t, plus the lowest
 * indices among those equal to t — the same set the heap keeps, in the same order. O(n) expected + O(m log m).
 *
 * t is found by quickselect among the scores at or above a cut-off t0 read off a strided sample (one comparison per
 * score instead of a copy and a full quickselect): when at least m scores reach t0, all of the m best do, so the m-th
 * largest of those is the m-th largest of all. When fewer reach it (an unlucky sample), every score is selected from.
 */
function topKBySelection(scores: ArrayLike<number>, m: number): Int32Array | null {
  const n = scores.length;
  const cut = sampleCutoff(scores, m);
  if (cut === null) return null;
  if (cut !== undefined) {
    // the scores at or above the cut-off with their indices, in index order
    if (candValue.length < n) {
      candValue = new Float64Array(n);
      candIndex = new Int32Array(n);
      candSelect = new Float64Array(n);
    }
    const value = candValue;
    const index = candIndex;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const v = scores[i];
      if (v >= cut) {
        value[c] = v;
        index[c++] = i;
      } else if (v !== v) return null;
    }
    if (c >= m) {
      const sel = candSelect.subarray(0, c);
      sel.set(value.subarray(0, c));
      const t = kthSmallest(sel, c - m);
      // every score ≥ t is ≥ the cut-off, so the candidates hold all of them, in index order
      const kept = new Int32Array(m);
      let w = 0;
      for (let j = 0; j < c; j++) if (value[j] > t) kept[w++] = index[j];
      for (let j = 0; j < c && w < m; j++) if (value[j] === t) kept[w++] = index[j];
      return bestFirst(scores, kept);
    }
  }
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

/** Scratch for topKBySelection's candidates (grown to the longest score list seen; every call overwrites what it reads). */
let candValue = new Float64Array(0);
let candIndex = new Int32Array(0);
let candSelect = new Float64Array(0);

/** Scores sampled for the cut-off; below 4 × this many, or when m is over an eighth of n, no cut-off is tried. */
const SAMPLE = 512;

/**
 * A value t0 that, by a strided sample, a few more than m of the n scores reach (undefined: no cut-off worth trying;
 * null: the sample holds a NaN). Only a guess: topKBySelection checks that at least m scores reach it.
 */
function sampleCutoff(scores: ArrayLike<number>, m: number): number | null | undefined {
  const n = scores.length;
  if (n < 4 * SAMPLE || 8 * m > n) return undefined;
  const stride = Math.floor(n / SAMPLE);
  const s = new Float64Array(SAMPLE);
  for (let j = 0; j < SAMPLE; j++) {
    const v = scores[j * stride];
    if (v !== v) return null;
    s[j] = v;
  }
  // the sample's r-th largest: about m · SAMPLE / n sampled scores lie above the m-th largest score (binomial, standard
  // deviation about the root of that), so r is that count plus 3.5 deviations and 4: rarely too few, and about
  // m + 3.5·√(m·n/SAMPLE) + 4·n/SAMPLE candidates to select from
  const mean = (m * SAMPLE) / n;
  const r = Math.min(SAMPLE, Math.ceil(mean + 3.5 * Math.sqrt(mean) + 4));
  return kthSmallest(s, SAMPLE - r);
}

/** The k-th smallest value (0-based) of `a` (no NaN), reordering `a`: Hoare's quickselect, median-of-three pivot. */
export function kthSmallest(a: Float64Array, k: number): number {
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
