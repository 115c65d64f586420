/**
 * Seeded pseudo-random numbers. Every random draw in recsys-lab comes from an `Rng`,
 * so the same seed and parameters give the same world, the same training and the same metrics.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state),
 * seeded through splitmix32 so that nearby seeds give unrelated streams. Period ≥ 2^32.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;
  /** the state right after seeding: forks derive from it, so they do not depend on draws made since */
  private readonly forkKeyA: number;
  private readonly forkKeyD: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng: seed must be a finite number, got ${seed}`);
    let s = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
    const split = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.nextUint32();
    this.forkKeyA = this.a;
    this.forkKeyD = this.d;
  }

  /** A child stream for a named purpose: independent of how many draws the parent has made. */
  fork(label: string | number): Rng {
    let h = 0x811c9dc5;
    const text = String(label);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return new Rng((this.forkKeyA ^ Math.imul(h, 0x27d4eb2d) ^ this.forkKeyD) >>> 0);
  }

  nextUint32(): number {
    // state kept as signed 32-bit integers (| 0) so V8 keeps it in small-integer registers; the bits are
    // those of the unsigned formulation, and only the output is converted to unsigned
    const a = this.a | 0;
    const b = this.b | 0;
    const c = this.c | 0;
    const d = this.d | 0;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [0, n). Throws for n < 1. */
  int(n: number): number {
    if (!(n >= 1)) throw new Error(`Rng.int: n must be ≥ 1, got ${n}`);
    return Math.floor(this.next() * n);
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal via the polar Box–Muller method. */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return mean + std * v;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + std * u * f;
  }

  /** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 uses the boost u^(1/shape). */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new Error(`Rng.gamma: shape must be > 0, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.next() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x = 0;
      let v = 0;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** Exponential with the given rate. */
  exponential(rate = 1): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** Poisson(λ): Knuth for small λ, normal approximation above 50. */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 50) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > limit);
    return k - 1;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /** k distinct integers from [0, n) (Floyd's algorithm), in draw order. */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    if (k > n) throw new Error(`Rng.sampleWithoutReplacement: k (${k}) must be ≤ n (${n})`);
    const chosen = new Set<number>();
    const out = new Int32Array(k);
    let w = 0;
    for (let j = n - k; j < n; j++) {
      const t = this.int(j + 1);
      const pick = chosen.has(t) ? j : t;
      chosen.add(pick);
      out[w++] = pick;
    }
    return out;
  }
}

/**
 * Walker's alias columns by Vose's construction (Vose 1991, "A linear algorithm for generating random numbers with a
 * given distribution"): column i gives outcome i when its coin falls below prob[i] and alias[i] otherwise, so a draw
 * is one uniform column and one coin. Weights need not sum to 1; they must be finite, ≥ 0 and not all 0 (the error
 * names `who`). O(n).
 */
export function aliasColumns(weights: ArrayLike<number>, who = 'aliasColumns'): { prob: Float64Array; alias: Int32Array } {
  const n = weights.length;
  if (n === 0) throw new Error(`${who}: weights must not be empty`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`${who}: weight ${i} must be finite and ≥ 0, got ${w}`);
    total += w;
  }
  if (!(total > 0)) throw new Error(`${who}: weights must not all be 0`);
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    scaled[i] = (weights[i] * n) / total;
    alias[i] = i;
    if (scaled[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[--nl];
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    if (scaled[l] < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  // what is left is 1 up to rounding: those columns always keep their own outcome
  while (nl > 0) prob[large[--nl]] = 1;
  while (ns > 0) prob[small[--ns]] = 1;
  return { prob, alias };
}

/** Draws from a discrete distribution by alias columns (aliasColumns): O(n) set-up, O(1) and two Rng draws per sample. */
export class AliasSampler {
  readonly size: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    ({ prob: this.prob, alias: this.alias } = aliasColumns(weights, 'AliasSampler'));
    this.size = weights.length;
  }

  sample(rng: Rng): number {
    const i = rng.int(this.size);
    return rng.next() < this.prob[i] ? i : this.alias[i];
  }
}
