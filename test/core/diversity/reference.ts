/**
 * Slow, obviously-correct references for the diversity re-rankers: they rebuild the kernel and
 * recompute determinants from scratch instead of updating a Cholesky factor.
 */

/** Cosine similarity of rows i and j (0 when either row is zero). */
export function cosine(e: Float32Array, dim: number, i: number, j: number): number {
  let s = 0;
  let a = 0;
  let b = 0;
  for (let d = 0; d < dim; d++) {
    s += e[i * dim + d] * e[j * dim + d];
    a += e[i * dim + d] ** 2;
    b += e[j * dim + d] ** 2;
  }
  if (!(a > 0 && b > 0)) return 0;
  return i === j ? 1 : s / Math.sqrt(a * b);
}

/** L_ij = q_i · cos(i, j) · q_j with q_i = exp(α·rel_i), α = θ / (2(1 − θ)). */
export function kernelEntry(rel: ArrayLike<number>, e: Float32Array, dim: number, theta: number, i: number, j: number): number {
  const alpha = theta / (2 * (1 - theta));
  return Math.exp(alpha * rel[i]) * cosine(e, dim, i, j) * Math.exp(alpha * rel[j]);
}

/** log det of the kernel restricted to `set`, by a fresh Cholesky; −∞ when not positive definite. */
export function logDet(rel: ArrayLike<number>, e: Float32Array, dim: number, theta: number, set: number[]): number {
  const m = set.length;
  const a = new Float64Array(m * m);
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) a[r * m + c] = kernelEntry(rel, e, dim, theta, set[r], set[c]);
  let ld = 0;
  for (let j = 0; j < m; j++) {
    let s = a[j * m + j];
    for (let p = 0; p < j; p++) s -= a[j * m + p] ** 2;
    if (!(s > 0)) return -Infinity;
    const l = Math.sqrt(s);
    a[j * m + j] = l;
    ld += 2 * Math.log(l);
    for (let r = j + 1; r < m; r++) {
      let t = a[r * m + j];
      for (let p = 0; p < j; p++) t -= a[r * m + p] * a[j * m + p];
      a[r * m + j] = t / l;
    }
  }
  return ld;
}

/**
 * Naive greedy MAP: at each step recompute log det(L_{Y∪i}) for every candidate, take the largest
 * (ties to the lower index) and stop when the gain det(L_{Y∪j}) / det(L_Y) < ε.
 * O(n·k⁴) — fine for the test sizes.
 */
export function naiveDppGreedy(rel: ArrayLike<number>, e: Float32Array, dim: number, k: number, theta: number, epsilon: number): number[] {
  const n = rel.length;
  const set: number[] = [];
  let current = 0;
  while (set.length < Math.min(k, n)) {
    let best = -1;
    let bestLd = -Infinity;
    for (let i = 0; i < n; i++) {
      if (set.includes(i)) continue;
      const ld = logDet(rel, e, dim, theta, [...set, i]);
      if (best < 0 || ld > bestLd) {
        best = i;
        bestLd = ld;
      }
    }
    if (bestLd === -Infinity || Math.exp(bestLd - current) < epsilon) break;
    set.push(best);
    current = bestLd;
  }
  return set;
}

/** The best log det over all subsets of exactly `size` items (exhaustive, n ≤ 8 or so). */
export function exhaustiveBestLogDet(rel: ArrayLike<number>, e: Float32Array, dim: number, theta: number, size: number): { set: number[]; logDet: number } {
  const n = rel.length;
  let best = { set: [] as number[], logDet: -Infinity };
  for (let mask = 0; mask < 1 << n; mask++) {
    const set: number[] = [];
    for (let i = 0; i < n; i++) if (mask & (1 << i)) set.push(i);
    if (set.length !== size) continue;
    const ld = logDet(rel, e, dim, theta, set);
    if (ld > best.logDet) best = { set, logDet: ld };
  }
  return best;
}

/** MMR straight from the formula: recompute the max similarity to the selected set for each candidate. */
export function naiveMmr(rel: ArrayLike<number>, e: Float32Array, dim: number, k: number, lambda: number): number[] {
  const n = rel.length;
  const set: number[] = [];
  while (set.length < Math.min(k, n)) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      if (set.includes(i)) continue;
      const maxSim = set.length === 0 ? 0 : Math.max(...set.map((j) => cosine(e, dim, i, j)));
      const score = set.length === 0 ? rel[i] : lambda * rel[i] - (1 - lambda) * maxSim;
      if (best < 0 || score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    set.push(best);
  }
  return set;
}
