/**
 * A group-sequential design: O'Brien & Fleming's boundaries (Biometrics 1979) for K equally spaced looks. The
 * z-statistic at look k must reach c·√(K/k) — very hard early, close to the fixed-horizon 1.96 at the end — with c
 * chosen so that the chance of ever crossing under H0 is α. Unlike the mSPRT, the looks must be planned (K and
 * their spacing); in exchange it loses almost no power at the horizon.
 */
import { UsageError } from '../errors.js';
import { normalCdf, normalQuantile } from '../special-functions.js';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
/** grid step for the score statistic (Simpson's rule on smooth Gaussian integrands: c is right to ~1e-5 at this step) */
const STEP = 0.05;

/**
 * P(|S_k| ≥ bound_k at some look) under H0 for the score S_k = Z_k·√k, whose increments between looks are N(0, 1):
 * the recursive numerical integration of Armitage, McPherson & Rowe (JRSS A, 1969) — the density of S on the
 * continuation region carried from look to look on a grid, Simpson's rule. O(K · grid²).
 */
export function crossingProbability(zBounds: ArrayLike<number>): number {
  const K = zBounds.length;
  let grid = new Float64Array(0);
  let density = new Float64Array(0); // density of S_{k−1} on the continuation region (look 0: a point mass at 0)
  let crossed = 0;
  for (let k = 1; k <= K; k++) {
    const b = zBounds[k - 1] * Math.sqrt(k);
    // exit probability at look k, then the continuation density
    const tail = (u: number) => normalCdf(-b - u) + (1 - normalCdf(b - u));
    if (k === 1) crossed += tail(0);
    else crossed += simpson(grid, density, tail);
    const n = 2 * Math.ceil(b / STEP); // even number of intervals
    const next = new Float64Array(n + 1);
    const nextDensity = new Float64Array(n + 1);
    for (let i = 0; i <= n; i++) {
      const s = -b + (2 * b * i) / n;
      next[i] = s;
      nextDensity[i] = k === 1 ? Math.exp(-0.5 * s * s) / SQRT_2PI : simpson(grid, density, (u) => Math.exp(-0.5 * (s - u) ** 2) / SQRT_2PI);
    }
    grid = next;
    density = nextDensity;
  }
  return crossed;
}

/** ∫ density(u)·g(u) du over an evenly spaced grid with an even number of intervals (Simpson's rule). */
function simpson(grid: Float64Array, density: Float64Array, g: (u: number) => number): number {
  const n = grid.length - 1;
  const h = (grid[n] - grid[0]) / n;
  let s = density[0] * g(grid[0]) + density[n] * g(grid[n]);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * density[i] * g(grid[i]);
  return (s * h) / 3;
}

/**
 * The O'Brien–Fleming z-boundaries c·√(K/k), k = 1…K, for a two-sided level α, c by bisection on
 * crossingProbability (to 1e-5). K = 5, α = 0.05 gives c = 2.040 (Jennison & Turnbull, Group Sequential Methods,
 * 2000, Table 2.3). O(iterations · K · grid²). Throws UsageError for looks outside 1…50 or α outside (0, 0.5].
 */
export function obrienFlemingBounds(looks: number, alpha: number): Float64Array {
  if (!Number.isInteger(looks) || looks < 1 || looks > 50) throw new UsageError(`obrienFlemingBounds: looks must be an integer in [1, 50], got ${looks}`);
  if (!(alpha > 0 && alpha <= 0.5)) throw new UsageError(`obrienFlemingBounds: alpha must be in (0, 0.5], got ${alpha}`);
  const bounds = (c: number) => Float64Array.from({ length: looks }, (_, i) => c * Math.sqrt(looks / (i + 1)));
  // c lies between the one-look boundary and the Bonferroni one (the union bound over K looks, each ≥ c)
  let lo = normalQuantile(1 - alpha / 2);
  let hi = normalQuantile(1 - alpha / (2 * looks)) + 1e-9;
  while (hi - lo > 1e-5) {
    const mid = (lo + hi) / 2;
    if (crossingProbability(bounds(mid)) > alpha) lo = mid;
    else hi = mid;
  }
  return bounds((lo + hi) / 2);
}

/**
 * Cumulative two-proportion counts at each of K planned looks (as firstSignificantLook): the first look whose pooled
 * z reaches its boundary, or −1. O(looks).
 */
export function firstBoundaryCrossing(
  clicksA: ArrayLike<number>,
  nA: ArrayLike<number>,
  clicksB: ArrayLike<number>,
  nB: ArrayLike<number>,
  zBounds: ArrayLike<number>,
): number {
  if (zBounds.length !== nA.length) throw new UsageError(`firstBoundaryCrossing: ${zBounds.length} boundaries for ${nA.length} looks`);
  for (let t = 0; t < nA.length; t++) {
    if (nA[t] < 1 || nB[t] < 1) continue;
    const pooled = (clicksA[t] + clicksB[t]) / (nA[t] + nB[t]);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA[t] + 1 / nB[t]));
    if (se > 0 && Math.abs(clicksB[t] / nB[t] - clicksA[t] / nA[t]) / se >= zBounds[t]) return t;
  }
  return -1;
}
