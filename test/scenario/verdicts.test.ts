// Verdicts end to end through the runner: replicates become intervals and three-state verdicts, sweeps carry
// per-point intervals, and --seeds says which claims depend on the seed.
import { describe, expect, it } from 'vitest';
import { registerExperiment } from '../../src/experiments/index.js';
import { aggregateSeeds, deriveSeed, runScenario } from '../../src/scenario/runner.js';
import { readRunResult, runResultSchema } from '../../src/scenario/result-schema.js';
import { parseScenario } from '../../src/scenario/schema.js';

// a "recall" per user: users are Bernoulli(p) hits; p is a knob, so the claim can be made to hold, fail, or straddle
registerExperiment({
  id: 'test-recall',
  description: 'mean of per-user Bernoulli hits, with bootstrap replicates',
  async run(ctx) {
    const rng = ctx.rng('users');
    const p = Number(ctx.params.p);
    const perUser = Float64Array.from({ length: Number(ctx.params.users) }, () => (rng.next() < p ? 1 : 0));
    const recall = perUser.reduce((a, v) => a + v, 0) / perUser.length;
    return { metrics: { recall, exact_users: perUser.length }, replicates: { recall: ctx.bootstrap.mean('users', perUser) } };
  },
});

const scenario = (claims: string, sweep = '') =>
  parseScenario(
    `id: t
title: T
topic: deep-dives
section: test
question: q
lesson: metrics
experiment: test-recall
params:
  p: { type: number, default: 0.5, min: 0, max: 1, description: hit rate }
  users: { type: int, default: 400, min: 10, max: 100000, description: users }
${sweep}
claims:
${claims}`,
    't.yaml',
  );

describe('three verdicts from replicates', () => {
  it('holds, fails and is inconclusive as the true value moves past the threshold', async () => {
    const s = scenario('  - { text: recall above 0.5, expr: recall > 0.5 }');
    const at = async (p: number) => (await runScenario(s, { scale: 'tiny', params: { p } })).claims[0].verdict;
    expect(await at(0.7)).toBe('holds');
    expect(await at(0.3)).toBe('fails');
    expect(await at(0.5)).toBe('inconclusive');
  });

  it('reports the metric interval and the share of replicates in a valid run@2 document', async () => {
    const r = await runScenario(scenario('  - { text: recall above 0.5, expr: recall > 0.5 }'), { scale: 'tiny', params: { p: 0.52 } });
    expect(runResultSchema.safeParse(r).success).toBe(true);
    const [lo, hi] = r.intervals!.recall;
    expect(lo).toBeLessThan(r.metrics.recall);
    expect(hi).toBeGreaterThan(r.metrics.recall);
    // 400 users at p ≈ 0.5: the standard error is 0.025, so the 95% interval is about ±0.049 wide
    expect(hi - lo).toBeGreaterThan(0.07);
    expect(hi - lo).toBeLessThan(0.13);
    expect(r.claims[0]).toMatchObject({ replicates: 400, intervals: { recall: [lo, hi] } });
    expect(r.environment.noise).toMatchObject({ level: expect.stringMatching(/quiet|busy/) });
  });

  it('decides a claim on exact metrics by its point value', async () => {
    const r = await runScenario(scenario('  - { text: n, expr: exact_users == 400, kind: check }'), { scale: 'tiny' });
    expect(r.claims[0]).toMatchObject({ verdict: 'holds', kind: 'check', replicates: 1 });
  });

  it("a generic sweep carries each point's interval", async () => {
    const r = await runScenario(scenario('  - { text: r, expr: recall > 0 }', 'sweep: { param: p, values: [0.2, 0.8] }'), { scale: 'tiny' });
    const sweep = r.series.find((s) => s.name === 'p-sweep')!;
    expect(sweep.ci).toHaveLength(2);
    expect(sweep.ci![1].recall[0]).toBeGreaterThan(sweep.ci![0].recall[1]);
  });
});

describe('--seeds', () => {
  it('derives distinct seeds from --seed, the first being --seed itself', () => {
    expect(deriveSeed(42, 0)).toBe(42);
    expect(new Set([0, 1, 2, 3].map((i) => deriveSeed(42, i))).size).toBe(4);
  });

  it('aggregates metrics as mean ± interval and claims as "holds in k of N"', async () => {
    const s = scenario('  - { text: recall above 0.5, expr: recall > 0.5 }');
    const r = await runScenario(s, { scale: 'tiny', seeds: 3, params: { p: 0.8 } });
    expect(r.seeds!.seeds).toEqual([42, deriveSeed(42, 1), deriveSeed(42, 2)]);
    expect(r.seeds!.metrics.recall.values).toHaveLength(3);
    expect(r.claims[0]).toMatchObject({ verdict: 'holds', holdsIn: 3, of: 3, seedDependent: false });
    expect(runResultSchema.safeParse(r).success).toBe(true);
  });

  it('says a claim whose verdict differs between seeds depends on the seed', () => {
    const one = (seed: number, verdict: 'holds' | 'fails') =>
      readRunResult({
        schema: 'recsys-lab/run@1', scenario: 't', title: 'T', seed, scale: 'tiny', params: {}, environment: { node: 'v20', tfjsBackend: 'none', cpus: 2 },
        metrics: { x: seed }, series: [], latency: {}, claims: [{ text: 'c', expr: 'x > 1', holds: verdict === 'holds', observed: {} }], durationMs: 1,
      })!;
    const r = aggregateSeeds([one(1, 'holds'), one(2, 'fails'), one(3, 'holds')]);
    expect(r.claims[0]).toMatchObject({ verdict: 'inconclusive', holdsIn: 2, of: 3, seedDependent: true });
    expect(r.seeds!.metrics.x.mean).toBe(2);
  });

  it('refuses a seed count outside 1…20', async () => {
    await expect(runScenario(scenario('  - { text: r, expr: recall > 0 }'), { scale: 'tiny', seeds: 0 })).rejects.toThrow(/seeds must be an integer in \[1, 20\]/);
  });
});

describe('reading results back', () => {
  it('upgrades a run@1 record and rejects a record with missing fields', () => {
    expect(readRunResult({ schema: 'recsys-lab/run@1', scenario: 'ann-recall-latency' })).toBeNull();
    expect(readRunResult('not json at all')).toBeNull();
  });
});
