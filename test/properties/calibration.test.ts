// Interview point: "Your ranker's AUC is great — can you use its score as a probability?" Ordering and calibration are
// different things: ECE measures the gap, Platt and isotonic regression close it. These properties are the definitions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, isotonicFit, plattScaling } from '../../src/core/calibration/index.js';
import { argsortFloat64, poolAdjacentViolators } from '../../src/core/calibration/isotonic.js';
import { Rng } from '../../src/core/rng.js';

/** Isotonic regression by its min–max formula (Barlow et al. 1972, Thm 1.4): f_i = max_{j≤i} min_{k≥i} mean_w(y_j..y_k). O(m³). */
function minMaxIsotonic(y: number[], w: number[]): number[] {
  const m = y.length;
  return y.map((_, i) => {
    let best = -Infinity;
    for (let j = 0; j <= i; j++) {
      let low = Infinity;
      for (let k = i; k < m; k++) {
        let sw = 0;
        let swy = 0;
        for (let t = j; t <= k; t++) {
          sw += w[t];
          swy += w[t] * y[t];
        }
        low = Math.min(low, swy / sw);
      }
      best = Math.max(best, low);
    }
    return best;
  });
}

/** Rows with x on a small integer grid (so ties happen), y and weights free. */
const isoRows = fc.array(
  fc.record({ x: fc.integer({ min: 0, max: 12 }), y: fc.double({ min: -5, max: 5, noNaN: true }), w: fc.double({ min: 0.1, max: 4, noNaN: true }) }),
  { minLength: 1, maxLength: 25 },
);

function pooledByX(rows: { x: number; y: number; w: number }[]) {
  const xs = [...new Set(rows.map((r) => r.x))].sort((a, b) => a - b);
  const y = xs.map((x) => {
    const at = rows.filter((r) => r.x === x);
    return at.reduce((s, r) => s + r.w * r.y, 0) / at.reduce((s, r) => s + r.w, 0);
  });
  const w = xs.map((x) => rows.filter((r) => r.x === x).reduce((s, r) => s + r.w, 0));
  return { xs, y, w };
}

describe('isotonic regression', () => {
  it('pool-adjacent-violators equals the min–max formula at every distinct x', () => {
    fc.assert(
      fc.property(isoRows, (rows) => {
        const model = isotonicFit(Float64Array.from(rows, (r) => r.x), rows.map((r) => r.y), Float64Array.from(rows, (r) => r.w));
        const { xs, y, w } = pooledByX(rows);
        const want = minMaxIsotonic(y, w);
        const got = model.predict(Float64Array.from(xs));
        // tolerance 1e-9: weighted means of ≤ 25 values in [-5, 5], summed in different orders
        return want.every((v, i) => Math.abs(v - got[i]) < 1e-9);
      }),
    );
  });

  it('an isotonic fit never decreases, between the fitted points and beyond them', () => {
    fc.assert(
      fc.property(isoRows, fc.array(fc.double({ min: -3, max: 15, noNaN: true }), { minLength: 2, maxLength: 30 }), (rows, queries) => {
        const model = isotonicFit(Float64Array.from(rows, (r) => r.x), rows.map((r) => r.y), Float64Array.from(rows, (r) => r.w));
        const q = Float64Array.from(queries).sort();
        const p = model.predict(q);
        for (let i = 1; i < p.length; i++) if (p[i] < p[i - 1] - 1e-12) return false;
        return true;
      }),
    );
  });
});

/**
 * n ≥ 2048 values (the radix path of argsortFloat64) mixing what breaks sorts: negatives, both zeros, subnormals, exact
 * ties, and near-ties that share the high 32 bits (so the runs the radix passes leave must be finished by value).
 */
function awkwardValues(seed: number, n: number): Float64Array {
  const rng = new Rng(seed);
  const bases = [0, -0, 5e-324, -5e-324, 1, -1, 0.1, 1e300, -1e-300, ...Array.from({ length: 40 }, () => rng.normal() * 10 ** (rng.int(7) - 3))];
  return Float64Array.from({ length: n }, () => {
    const u = rng.next();
    const base = bases[rng.int(bases.length)];
    if (u < 0.3) return base; // an exact tie
    if (u < 0.6) return base * (1 + rng.int(1 << 20) * 2 ** -52); // same high word as base, different low bits
    return rng.normal() * 1e3;
  });
}

describe('isotonic regression on inputs large enough for the radix sort', () => {
  it('the radix argsort orders values as a comparison sort does, equal values in row order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 2048, max: 6000 }), (seed, n) => {
        const x = awkwardValues(seed, n);
        const got = argsortFloat64(x);
        const want = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
        return want.every((i, j) => got[j] === i);
      }),
      { numRuns: 25 },
    );
  });

  it('the fit equals pool-adjacent-violators on the rows pooled by distinct x', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), (seed) => {
        const rng = new Rng(seed);
        const x = awkwardValues(seed, 3000);
        const y = Float64Array.from(x, () => rng.next());
        const w = Float64Array.from(x, () => 0.5 + rng.next());
        // the reference pools with a Map in row order and sorts the distinct values by comparison
        const pooled = new Map<number, { sw: number; swy: number }>();
        for (let i = 0; i < x.length; i++) {
          const key = x[i] === 0 ? 0 : x[i];
          const p = pooled.get(key) ?? { sw: 0, swy: 0 };
          p.sw += w[i];
          p.swy += w[i] * y[i];
          pooled.set(key, p);
        }
        const xs = [...pooled.keys()].sort((a, b) => a - b);
        const want = poolAdjacentViolators(xs.map((v) => pooled.get(v)!.swy / pooled.get(v)!.sw), xs.map((v) => pooled.get(v)!.sw));
        const model = isotonicFit(x, y, w);
        // at its thresholds the fit holds the same sums in the same row order, bit for bit; between them (flat runs)
        // predict interpolates, which may round in the last bit
        const at = new Map(xs.map((v, i) => [v, want[i]]));
        const got = model.predict(Float64Array.from(xs));
        return model.values.every((v, j) => at.get(model.thresholds[j] === 0 ? 0 : model.thresholds[j]) === v)
          && want.every((v, i) => Math.abs(v - got[i]) <= 1e-12);
      }),
      { numRuns: 15 },
    );
  });
});

/** n probabilities uniform on [0, 1] and labels drawn with probability p. */
function calibratedSample(seed: number, n: number) {
  const rng = new Rng(seed);
  const p = Float64Array.from({ length: n }, () => rng.next());
  const y = Float64Array.from(p, (pi) => (rng.bernoulli(pi) ? 1 : 0));
  return { p, y };
}

describe('expected calibration error', () => {
  it('the ECE of calibrated probabilities shrinks toward 0 as the sample grows', () => {
    // the binned ECE's noise falls like 1/√n: from ≈ 0.05 at n = 500 to ≈ 0.005 at n = 50,000
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const small = calibratedSample(seed, 500);
        const large = calibratedSample(seed + 1, 50_000);
        const eceLarge = expectedCalibrationError(large.y, large.p);
        return eceLarge < 0.02 && eceLarge < expectedCalibrationError(small.y, small.p);
      }),
      { numRuns: 15 },
    );
  });

  it('the ECE of p² against labels drawn with p is at least 0.1', () => {
    // E|p − p²| = 1/6 for uniform p; binning and noise at n = 5,000 move it by a few hundredths at most
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const { p, y } = calibratedSample(seed, 5000);
        return expectedCalibrationError(y, p.map((v) => v * v)) >= 0.1;
      }),
      { numRuns: 20 },
    );
  });
});

describe('Platt scaling', () => {
  it('Platt scaling recovers a and b from labels drawn with σ(a·s + b)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.5, max: 3, noNaN: true }), fc.double({ min: -1.5, max: 1.5, noNaN: true }), (seed, a, b) => {
        const rng = new Rng(seed);
        const n = 20_000;
        const s = Float64Array.from({ length: n }, () => rng.normal());
        const y = Float64Array.from(s, (si) => (rng.bernoulli(1 / (1 + Math.exp(-(a * si + b)))) ? 1 : 0));
        const fit = plattScaling(y, s);
        // the MLE's standard error at n = 20,000 is ≈ 0.02–0.05 for a ≤ 3; 0.2 is several standard errors
        return Math.abs(fit.a - a) < 0.2 && Math.abs(fit.b - b) < 0.2;
      }),
      { numRuns: 15 },
    );
  });

  it('at the fitted a and b the log loss is flat: its gradient is zero to rounding, with and without the sampled start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom(3000, 150_000), fc.double({ min: -3, max: 3, noNaN: true }), (seed, n, b) => {
        const rng = new Rng(seed);
        // scores far from unit scale and a rare class in some runs: the start the sample gives must still converge
        const scale = 10 ** (rng.int(5) - 2);
        const s = Float64Array.from({ length: n }, () => rng.normal() * scale + 7 * scale);
        const y = Float64Array.from(s, (si) => (rng.bernoulli(1 / (1 + Math.exp(-(1.5 * (si / scale - 7) + b)))) ? 1 : 0));
        const fit = plattScaling(y, s);
        let ga = 0;
        let gb = 0;
        for (let i = 0; i < n; i++) {
          const r = 1 / (1 + Math.exp(-(fit.a * s[i] + fit.b))) - y[i];
          ga += r * (s[i] / scale - 7); // the gradient in the centred, unit-scale coordinates, so the bound is scale-free
          gb += r;
        }
        // per row, the gradient of a converged fit is rounding (≪ 1e-6); one Newton step short of it would be ~1e-3
        return Math.abs(ga) / n < 1e-8 && Math.abs(gb) / n < 1e-8;
      }),
      { numRuns: 12 },
    );
  });
});
