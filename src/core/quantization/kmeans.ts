/**
 * k-means (Lloyd's algorithm) with k-means++ seeding (Arthur & Vassilvitskii, SODA 2007), for the coarse
 * centroids of an inverted file and the codebooks of product quantization.
 *
 * Each Lloyd iteration assigns every point to its nearest centroid and moves each centroid to the mean of its
 * points; neither step can raise the objective Σ‖x − c(x)‖², so it never increases between iterations. A
 * centroid left without points is re-seeded on the point farthest from its centroid (as faiss splits a large
 * cluster), which lowers the objective too. Cost per iteration O(n · k · dim).
 */
import type { Rng } from '../rng.js';
import { jsKernels, type QuantKernels } from './kernels.js';

export interface KMeansOptions {
  /** Lloyd iterations at most (default 20; faiss's default is 25) */
  iterations?: number;
  /** stop early when the objective improves by less than this fraction (default 1e-4) */
  tolerance?: number;
  /** the distance loops (default the JS references; src/retrieval passes the native kernel when it is built) */
  kernels?: QuantKernels;
}

export interface KMeansResult {
  /** k × dim, row-major */
  centroids: Float32Array;
  /** the nearest centroid of every input point */
  assignments: Int32Array;
  /** Σ‖x − c(x)‖² after seeding, then after each iteration */
  objective: number[];
}

/** Squared L2 distance between row i of a and row j of b. */
export function squaredDistance(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  let s = 0;
  const oa = i * dim;
  const ob = j * dim;
  for (let d = 0; d < dim; d++) {
    const t = a[oa + d] - b[ob + d];
    s += t * t;
  }
  return s;
}

/** The nearest of k centroids to row i of `data` (ties go to the lower centroid), and the squared distance. */
export function nearestCentroid(data: Float32Array, i: number, centroids: Float32Array, k: number, dim: number): { index: number; distance: number } {
  let best = 0;
  let bestD = Infinity;
  for (let c = 0; c < k; c++) {
    const d = squaredDistance(data, i, centroids, c, dim);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return { index: best, distance: bestD };
}

/** k-means++: the first centre uniformly, each next one with probability proportional to D(x)². */
function seedPlusPlus(data: Float32Array, n: number, dim: number, k: number, rng: Rng, kernels: QuantKernels): Float32Array {
  const centroids = new Float32Array(k * dim);
  const d2 = new Float64Array(n).fill(Infinity);
  let pick = rng.int(n);
  for (let c = 0; c < k; c++) {
    centroids.set(data.subarray(pick * dim, (pick + 1) * dim), c * dim);
    const total = kernels.seedUpdate(data, n, dim, 0, dim, centroids.subarray(c * dim, (c + 1) * dim), d2);
    if (c + 1 === k) break;
    if (total === 0) {
      pick = rng.int(n); // every point sits on a centre already: duplicates are all that is left
      continue;
    }
    let r = rng.next() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= d2[i];
      if (r <= 0) {
        pick = i;
        break;
      }
    }
  }
  return centroids;
}

function assign(data: Float32Array, n: number, dim: number, centroids: Float32Array, k: number, out: Int32Array, dist: Float64Array, kernels: QuantKernels): number {
  kernels.nearestRows(data, n, dim, 0, dim, centroids, k, 0, out, dist);
  let obj = 0;
  for (let i = 0; i < n; i++) obj += dist[i];
  return obj;
}

/**
 * Cluster n points (row-major n × dim) into k centroids. Deterministic for a given `rng` state.
 * Throws when k < 1 or k > n.
 */
export function kmeans(data: Float32Array, n: number, dim: number, k: number, rng: Rng, opts: KMeansOptions = {}): KMeansResult {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`kmeans: k must be an integer ≥ 1, got ${k}`);
  if (k > n) throw new Error(`kmeans: k = ${k} centroids need at least k points, got ${n}`);
  if (data.length < n * dim) throw new Error(`kmeans: data holds ${data.length / dim} rows of dim ${dim}, expected ${n}`);
  const iterations = opts.iterations ?? 20;
  const tolerance = opts.tolerance ?? 1e-4;
  const kernels = opts.kernels ?? jsKernels;
  const centroids = seedPlusPlus(data, n, dim, k, rng, kernels);
  const assignments = new Int32Array(n);
  const dist = new Float64Array(n);
  const objective = [assign(data, n, dim, centroids, k, assignments, dist, kernels)];
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  for (let it = 0; it < iterations; it++) {
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignments[i];
      counts[c]++;
      const o = i * dim;
      const oc = c * dim;
      for (let d = 0; d < dim; d++) sums[oc + d] += data[o + d];
    }
    const taken = new Set<number>();
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) {
        for (let d = 0; d < dim; d++) centroids[c * dim + d] = sums[c * dim + d] / counts[c];
        continue;
      }
      // an empty cluster: move it onto the point farthest from its own centroid (not yet used for another)
      let far = -1;
      for (let i = 0; i < n; i++) if (!taken.has(i) && (far < 0 || dist[i] > dist[far])) far = i;
      taken.add(far);
      centroids.set(data.subarray(far * dim, (far + 1) * dim), c * dim);
    }
    const obj = assign(data, n, dim, centroids, k, assignments, dist, kernels);
    const prev = objective[objective.length - 1];
    objective.push(obj);
    if (prev - obj <= tolerance * prev) break;
  }
  return { centroids, assignments, objective };
}

/** At most `limit` rows of `data`, sampled without replacement (the training set faiss uses: 256 points per centroid). */
export function sampleRows(data: Float32Array, n: number, dim: number, limit: number, rng: Rng): { rows: Float32Array; count: number } {
  if (n <= limit) return { rows: data.subarray(0, n * dim), count: n };
  const pick = rng.sampleWithoutReplacement(n, limit);
  const rows = new Float32Array(limit * dim);
  for (let r = 0; r < limit; r++) rows.set(data.subarray(pick[r] * dim, (pick[r] + 1) * dim), r * dim);
  return { rows, count: limit };
}
