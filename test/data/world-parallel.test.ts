// The history simulated on worker threads is byte-identical to the sequential one (per-block seeds).
import { describe, expect, it } from 'vitest';
import { RunCancelledError } from '../../src/core/errors.js';
import { generateWorld, generateWorldAsync } from '../../src/data/world.js';
import { worldHash } from '../helpers/world-hash.js';

// 5,000 users are three simulation blocks of 2,048, so two workers really split the work
const opts = { scale: 'tiny' as const, seed: 11, overrides: { numUsers: 5_000, days: 10, testDays: 2 } };

describe('parallel world simulation', () => {
  it('two worker threads give the same bytes as the sequential generator', async () => {
    const parallel = await generateWorldAsync({ ...opts, threads: 2 });
    expect(worldHash(parallel)).toBe(worldHash(generateWorld(opts)));
  }, 30_000);

  it('an abort while the workers run rejects with RunCancelledError', async () => {
    const ac = new AbortController();
    const p = generateWorldAsync({ ...opts, threads: 2, signal: ac.signal, onProgress: (stage, f) => { if (stage === 'interactions' && f > 0) ac.abort(); } });
    await expect(p).rejects.toBeInstanceOf(RunCancelledError);
  }, 30_000);
});
