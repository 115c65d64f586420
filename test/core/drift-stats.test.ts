// Unit values for the drift statistics, each worked by hand in the comments so a reader can check
// the arithmetic without a stats package.
import { describe, expect, it } from 'vitest';
import { chiSquareTest, jensenShannon, klDivergence, ksStatistic, ksStatisticSorted, ksTest, kolmogorovSurvival, psi, psiFromCounts, quantileEdges, binCounts } from '../../src/core/drift/index.js';
import { selectRanks, sortedCopy } from '../../src/core/drift/sort-float.js';
import { chiSquareSurvival, logGamma, normalCdf, normalQuantile, regularizedGammaP } from '../../src/core/special-functions.js';
import { UsageError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';

describe('special functions', () => {
  it('log Γ matches factorials', () => {
    // Γ(5) = 4! = 24, Γ(0.5) = √π; Lanczos is good to ~1e-15 relative, so 1e-12 is generous
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('χ² survival with 2 dof is exp(−x/2)', () => {
    // for k = 2, Q(1, x/2) = e^{−x/2} exactly: 1 − P(1, y) = e^{−y}
    for (const x of [0.1, 1, 5.991, 20, 100]) expect(chiSquareSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 12);
  });

  it('χ² survival with 1 dof is the two-sided normal tail', () => {
    // χ²₁ = Z², so P(χ²₁ ≥ 3.8415) = P(|Z| ≥ 1.95996) = 0.05
    expect(chiSquareSurvival(1.959964 ** 2, 1)).toBeCloseTo(0.05, 6);
    // and P(γ(1/2, x) regularised) = erf(√x): P(0.5, 2) = erf(√2) = 0.9544997
    expect(regularizedGammaP(0.5, 2)).toBeCloseTo(0.9544997361, 7);
  });

  it('normal CDF and quantile agree with table values', () => {
    // Φ(1.96) = 0.9750021, Φ(−3) = 0.0013499; the erfc approximation is good to 1.2e-7 relative
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021049, 7);
    expect(normalCdf(-3) / 0.0013498980316).toBeCloseTo(1, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.2)).toBeCloseTo(-0.8416212336, 7);
  });
});

describe('PSI', () => {
  it('empty bins use the ε floor', () => {
    // baseline [50, 50, 0] → (0.5, 0.5, ε); current [50, 0, 50] → (0.5, ε, 0.5), ε = 1e-4.
    // bin 1: (ε − 0.5)·ln(ε/0.5); bin 2: (0.5 − ε)·ln(0.5/ε); both equal (0.5 − ε)·ln(5000)
    const expected = 2 * (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
    expect(psiFromCounts([50, 50, 0], [50, 0, 50])).toBeCloseTo(expected, 12);
    // ε is a knob: with ε = 0.01 the same table gives 2·0.49·ln 50
    expect(psiFromCounts([50, 50, 0], [50, 0, 50], { epsilon: 0.01 })).toBeCloseTo(2 * 0.49 * Math.log(50), 12);
  });

  it('matches a hand-worked two-bin value', () => {
    // baseline (0.5, 0.5), current (0.7, 0.3): 0.2·ln(1.4) + (−0.2)·ln(0.6) = 0.0672944 + 0.1021651
    expect(psiFromCounts([5, 5], [7, 3])).toBeCloseTo(0.2 * Math.log(1.4) - 0.2 * Math.log(0.6), 12);
  });

  it('cuts bins at the baseline deciles', () => {
    // baseline 0..99: type-7 decile j is 9.9·j, so 10 values per bin
    const baseline = Float64Array.from({ length: 100 }, (_, i) => i);
    const edges = quantileEdges(baseline, 10);
    expect(Array.from(edges)).toEqual([9.9, 19.8, 29.7, 39.6, 49.5, 59.4, 69.3, 79.2, 89.1].map((v, i) => expect.closeTo(v, 9) as unknown as number));
    expect(Array.from(binCounts(baseline, edges))).toEqual(new Array(10).fill(10));
    // current = 50..149: bins 0–4 (≤ 49.5) empty → ε; bins 5–8 hold 50–59, 60–69, 70–79, 80–89; the last bin 90–149
    const current = Float64Array.from({ length: 100 }, (_, i) => i + 50);
    const counts = binCounts(current, edges);
    expect(Array.from(counts)).toEqual([0, 0, 0, 0, 0, 10, 10, 10, 10, 60]);
    const expected = Array.from(counts).reduce((s, c) => {
      const cp = Math.max(c / 100, 1e-4);
      return s + (cp - 0.1) * Math.log(cp / 0.1);
    }, 0);
    expect(psi(baseline, current)).toBeCloseTo(expected, 12);
  });

  it('equals a naive implementation (full sort, type-7 quantiles, linear scan of the edges)', () => {
    const naive = (b: number[], c: number[], bins: number) => {
      const sorted = [...b].sort((x, y) => x - y);
      const edges = Array.from({ length: bins - 1 }, (_, j) => {
        const pos = ((sorted.length - 1) * (j + 1)) / bins;
        const lo = Math.floor(pos);
        const hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
      });
      const share = (xs: number[]) => {
        const counts = new Array(bins).fill(0);
        for (const x of xs) counts[edges.filter((e) => x > e).length]++;
        return counts.map((k) => Math.max(k / xs.length, 1e-4));
      };
      const pb = share(b);
      const pc = share(c);
      return pb.reduce((acc, bj, j) => acc + (pc[j] - bj) * Math.log(pc[j] / bj), 0);
    };
    const rng = new Rng(12);
    for (const bins of [2, 5, 10, 25]) {
      const b = Array.from({ length: 3000 }, () => Math.round(rng.normal() * 20) / 4);
      const c = Array.from({ length: 2000 }, () => Math.round(rng.normal(0.3, 1.2) * 20) / 4);
      // the same arithmetic in a different order: 1e-12
      expect(psi(b, c, { bins })).toBeCloseTo(naive(b, c, bins), 12);
    }
  });

  it('the bucketed path for large samples gives the same counts as quickselect and a scan of the edges', () => {
    const rng = new Rng(13);
    const gens: (() => number)[] = [
      () => rng.normal(),
      () => Math.exp(2 * rng.normal()),
      () => rng.int(5),
      () => (rng.next() < 0.3 ? -0 : rng.normal() * 1e-300),
      () => 1 + rng.next() * 1e-9,
    ];
    for (const [g, gen] of gens.entries()) {
      for (const bins of [2, 10, 20]) {
        const b = Float64Array.from({ length: 7000 + g }, gen);
        const c = Float64Array.from({ length: 6000 }, () => gen() * 1.05);
        const edges = quantileEdges(b, bins);
        const expected = psiFromCounts(binCounts(b, edges), binCounts(c, edges));
        // the same counts feed the same formula: equal to rounding
        expect(psi(b, c, { bins })).toBeCloseTo(expected, 12);
      }
    }
  });

  it('rejects bad input with the allowed values', () => {
    expect(() => psi([1, 2, 3], [1, 2], { bins: 1 })).toThrow(/psi: bins must be an integer ≥ 2, got 1/);
    expect(() => psi([], [1])).toThrow(UsageError);
    expect(() => psi([1, NaN], [1])).toThrow(/NaN/);
    expect(() => psiFromCounts([1, 2], [1])).toThrow(/same length/);
  });
});

describe('divergences', () => {
  it('KL matches a hand-worked value and is asymmetric', () => {
    // KL((0.5,0.5) ‖ (0.9,0.1)) = 0.5 ln(0.5/0.9) + 0.5 ln(5) = 0.5108256
    expect(klDivergence([1, 1], [9, 1])).toBeCloseTo(0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(5), 9);
    expect(klDivergence([9, 1], [1, 1])).not.toBeCloseTo(klDivergence([1, 1], [9, 1]), 3);
  });

  it('KL stays finite on an empty bin', () => {
    expect(Number.isFinite(klDivergence([1, 1], [1, 0]))).toBe(true);
  });

  it('Jensen–Shannon of disjoint distributions is ln 2', () => {
    expect(jensenShannon([1, 0], [0, 1])).toBeCloseTo(Math.LN2, 12);
    expect(jensenShannon([3, 1], [3, 1])).toBe(0);
  });
});

describe('χ² test', () => {
  it('matches a 2×3 table worked by hand', () => {
    // A = [10, 20, 30] (60), B = [20, 20, 20] (60); column totals 30, 40, 50; N = 120
    // E_A = E_B = [15, 20, 25]; X² = 2·(25/15 + 0 + 25/25) = 5.3333; dof 2; p = e^{−X²/2} = 0.069483
    const r = chiSquareTest([10, 20, 30], [20, 20, 20]);
    expect(r.statistic).toBeCloseTo(16 / 3, 12);
    expect(r.dof).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-8 / 3), 10);
  });

  it('2×2 without continuity correction equals the squared pooled z', () => {
    // 30/100 vs 45/100: pooled p = 0.375, z² = 0.15² / (0.375·0.625·0.02) = 4.8; p = P(χ²₁ ≥ 4.8) = 0.028459
    const r = chiSquareTest([30, 70], [45, 55]);
    expect(r.statistic).toBeCloseTo(4.8, 10);
    expect(r.pValue).toBeCloseTo(0.0284597, 6);
  });

  it('drops categories empty in both samples', () => {
    expect(chiSquareTest([10, 0, 30], [20, 0, 20]).dof).toBe(1);
  });
});

describe('KS test', () => {
  it('D is the largest CDF gap, worked by hand', () => {
    // a = {1,2,3,4}, b = {3,4,5,6}: after 2, F_a = 0.5, F_b = 0 → D = 0.5
    const r = ksTest([1, 2, 3, 4], [3, 4, 5, 6]);
    expect(r.statistic).toBeCloseTo(0.5, 12);
    // n_e = 2, λ = (√2 + 0.12 + 0.11/√2)·0.5 = 0.80599; Q_KS(λ) = 2(e^{−2λ²} − e^{−8λ²} + …) = 0.53513
    const lambda = (Math.SQRT2 + 0.12 + 0.11 / Math.SQRT2) * 0.5;
    expect(r.pValue).toBeCloseTo(2 * (Math.exp(-2 * lambda ** 2) - Math.exp(-8 * lambda ** 2) + Math.exp(-18 * lambda ** 2)), 6);
  });

  it('ties in both samples give D = 0 for identical data', () => {
    expect(ksTest([1, 1, 2, 2], [2, 1, 2, 1]).statistic).toBe(0);
  });

  it('the bucketed D equals the full-sort merge, ties, signed zeros and skewed data included', () => {
    const rng = new Rng(21);
    const gens: (() => number)[] = [
      () => rng.normal(),
      () => Math.exp(3 * rng.normal()),
      () => rng.int(7) - 3,
      () => (rng.next() < 0.5 ? -0 : 0) + rng.int(2) * 1e-300,
      () => 1 + rng.next() * 1e-9,
    ];
    for (const [k, gen] of gens.entries()) {
      const a = Float64Array.from({ length: 6000 + 37 * k }, gen);
      const b = Float64Array.from({ length: 5000 - 11 * k }, () => gen() * (k === 2 ? 1 : 1.01));
      const reference = ksStatisticSorted(Float64Array.from(a).sort(), Float64Array.from(b).sort());
      // identical arithmetic on the same counts: 1e-12
      expect(ksStatistic(a, b)).toBeCloseTo(reference, 12);
    }
  });

  it('the Kolmogorov series gives the textbook 5% critical value', () => {
    // Q_KS(1.3581) = 0.05 (Smirnov's table)
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 4);
  });

  it('agrees with a naive O(n·m) CDF-gap reference', () => {
    const rng = new Rng(7);
    const a = Array.from({ length: 300 }, () => Math.round(rng.normal() * 10) / 10);
    const b = Array.from({ length: 200 }, () => Math.round(rng.normal(0.3) * 10) / 10);
    let d = 0;
    for (const x of [...a, ...b]) {
      const fa = a.filter((v) => v <= x).length / a.length;
      const fb = b.filter((v) => v <= x).length / b.length;
      d = Math.max(d, Math.abs(fa - fb));
    }
    expect(ksTest(a, b).statistic).toBeCloseTo(d, 12);
  });
});

describe('fast sorting and selection against the built-in sort', () => {
  it('radix sort equals Float64Array.sort, negatives, zeros and ties included', () => {
    const rng = new Rng(3);
    const v = Float64Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? -rng.next() * 1e-300 : rng.normal() * 1e6));
    expect(Array.from(sortedCopy(v))).toEqual(Array.from(v.slice().sort()));
  });

  it('radix sort handles long runs of near-ties (values sharing their high 32 bits)', () => {
    // 1 + u·1e-9 all share one high word: the run is finished by the fallback sort
    const rng = new Rng(8);
    const v = Float64Array.from({ length: 5000 }, () => 1 + rng.next() * 1e-9);
    expect(Array.from(sortedCopy(v))).toEqual(Array.from(v.slice().sort()));
  });

  it('multi-rank quickselect puts each requested rank in place', () => {
    const rng = new Rng(4);
    const v = Float64Array.from({ length: 4000 }, () => Math.floor(rng.next() * 50));
    const ref = v.slice().sort();
    const ranks = [0, 1, 399, 400, 1999, 2000, 3998, 3999];
    const w = v.slice();
    selectRanks(w, ranks);
    for (const r of ranks) expect(w[r]).toBe(ref[r]);
  });
});
