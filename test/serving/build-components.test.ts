// The serving stack trains its two-tower with the scenario's knobs (scenarios/knobs/two-tower-training.yaml through
// `include:`), not a configuration of its own.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { buildServingStack } from '../../src/serving/build-components.js';
import type { TwoTowerOptions } from '../../src/models/two-tower/types.js';
import { tinyServing } from './fixtures.js';

describe('buildServingStack with two-tower embeddings', () => {
  it('refuses to train without the trainer knobs, naming the knob group', async () => {
    const { world } = tinyServing();
    await expect(buildServingStack(world, new Rng(1), { ann: 'exact', trees: 0, embeddings: 'two-tower' })).rejects.toThrow(/two-tower-training/);
  });

  it('trains what the knobs say: the item vectors have the dim asked for', { timeout: 120_000 }, async () => {
    const { world } = tinyServing();
    const twoTower: TwoTowerOptions = {
      dim: 12, hidden: [], negatives: 'in-batch', numNegatives: 8, logQ: 'correct', temperature: 0.05, batchSize: 128,
      epochs: 1, learningRate: 0.003, seed: 1, engine: 'js', frequency: 'exact', maxExamples: 1000,
    };
    const stack = await buildServingStack(world, new Rng(1), { ann: 'exact', trees: 0, embeddings: 'two-tower', twoTower });
    expect(stack.components.dim).toBe(12);
    expect(stack.components.itemVectors.length).toBe(world.items.count * 12);
    expect(stack.notes.some((n) => n.includes('dim 12, in-batch negatives'))).toBe(true);
  });
});
