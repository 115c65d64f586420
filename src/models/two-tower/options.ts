/** Validation and the up-front memory estimate of trainTwoTower's options. */
import os from 'node:os';
import { ResourceLimitError, UsageError } from '../../core/errors.js';
import type { World } from '../../data/world-types.js';
import { WorldFeatures } from './features.js';
import { DENSE_ENGINE_CHOICES, LOGQ_MODES, NEGATIVE_MODES, type TwoTowerOptions } from './types.js';

function intIn(name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new UsageError(`trainTwoTower: ${name} must be an integer in [${lo}, ${hi}], got ${v}`);
}

export function validateTwoTowerOptions(o: TwoTowerOptions): void {
  intIn('dim', o.dim, 2, 1024);
  if (!Array.isArray(o.hidden) || o.hidden.length > 4) throw new UsageError(`trainTwoTower: hidden must be an array of at most 4 widths, got ${JSON.stringify(o.hidden)}`);
  o.hidden.forEach((h, i) => intIn(`hidden[${i}]`, h, 1, 4096));
  if (!NEGATIVE_MODES.includes(o.negatives)) throw new UsageError(`trainTwoTower: negatives must be one of ${NEGATIVE_MODES.join(', ')}, got ${String(o.negatives)}`);
  if (!LOGQ_MODES.includes(o.logQ)) throw new UsageError(`trainTwoTower: logQ must be one of ${LOGQ_MODES.join(', ')}, got ${String(o.logQ)}`);
  intIn('numNegatives', o.numNegatives, o.negatives === 'in-batch' ? 0 : 1, 4096);
  if (!(o.temperature > 0 && o.temperature <= 10)) throw new UsageError(`trainTwoTower: temperature must be in (0, 10], got ${o.temperature}`);
  intIn('batchSize', o.batchSize, 2, 8192);
  intIn('epochs', o.epochs, 1, 1000);
  if (!(o.learningRate > 0 && o.learningRate < 1)) throw new UsageError(`trainTwoTower: learningRate must be in (0, 1), got ${o.learningRate}`);
  if (!Number.isInteger(o.seed)) throw new UsageError(`trainTwoTower: seed must be an integer, got ${o.seed}`);
  if (o.engine !== undefined && !DENSE_ENGINE_CHOICES.includes(o.engine)) throw new UsageError(`trainTwoTower: engine must be one of ${DENSE_ENGINE_CHOICES.join(', ')}, got ${String(o.engine)}`);
  if (o.frequency !== undefined && o.frequency !== 'exact' && o.frequency !== 'streaming') {
    throw new UsageError(`trainTwoTower: frequency must be exact or streaming, got ${String(o.frequency)}`);
  }
  if (o.features !== undefined && o.features !== 'all' && o.features !== 'ids') throw new UsageError(`trainTwoTower: features must be all or ids, got ${String(o.features)}`);
  if (o.maxExamples !== undefined) intIn('maxExamples', o.maxExamples, 2, 2_000_000_000);
  if (o.history?.maxLength !== undefined) intIn('history.maxLength', o.history.maxLength, 0, 1_000_000);
  if (o.history?.halfLife !== undefined && !(o.history.halfLife > 0)) throw new UsageError(`trainTwoTower: history.halfLife must be > 0, got ${o.history.halfLife}`);
}

/**
 * Bytes a training run holds: the embedding tables (values + row accumulators), the per-example arrays
 * (CSR of train interactions, 4 arrays of 4 bytes plus labels), the item and user embedding outputs,
 * and the hard-negative lists. Dense weights are negligible (KBs). O(1).
 */
export function estimateTwoTowerBytes(world: Pick<World, 'config' | 'interactions'>, o: Pick<TwoTowerOptions, 'dim' | 'negatives' | 'numNegatives'>): number {
  const c = world.config;
  const tables = WorldFeatures.bytes(world, o.dim);
  const examples = world.interactions.count * 21;
  const outputs = (c.numItems + c.numUsers) * o.dim * 4;
  const hard = o.negatives === 'hard' ? c.numUsers * o.numNegatives * 4 * 4 : 0;
  return tables + examples + outputs + hard;
}

export function checkTwoTowerFits(world: Pick<World, 'config' | 'interactions'>, o: TwoTowerOptions): number {
  const bytes = estimateTwoTowerBytes(world, o);
  const limit = o.memoryLimitBytes ?? Math.floor(os.totalmem() * 0.6);
  if (bytes > limit) {
    throw new ResourceLimitError(
      `trainTwoTower: needs about ${(bytes / 2 ** 30).toFixed(2)} GiB (tables ${world.config.numItems.toLocaleString('en-US')} items + ${world.config.numUsers.toLocaleString('en-US')} users × dim ${o.dim}), `
      + `over the limit of ${(limit / 2 ** 30).toFixed(2)} GiB; lower dim or use a smaller scale`,
    );
  }
  return bytes;
}
