/** Shared set-up of the point-in-time and training–serving-skew experiments: materialise, store, label. */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { World } from '../data/world-types.js';
import {
  OfflineStore,
  buildLabelEvents,
  dataDirectory,
  firstEventAtOrAfter,
  materializeFeatureRows,
  type FeatureRow,
  type LabelEvents,
} from '../production/feature-store/index.js';
import type { ExperimentContext } from './types.js';
import { num, str } from './param-readers.js';

export interface FeatureStoreSetup {
  world: World;
  rows: FeatureRow[];
  store: OfflineStore;
  storePath: string;
  events: LabelEvents;
  /** events [0, trainEnd) are before the world's split day */
  trainEnd: number;
}

const BATCH = 100_000;

/**
 * Materialise the feature rows of the world's engagement stream, write them to the offline store in transactions of
 * 100k rows, and build label events. `storage` 'file' puts the store under the user's data folder
 * (XDG_DATA_HOME/recsys-lab), one file per scale and seed, rebuilt each run; 'memory' keeps it in RAM.
 */
export async function setUpFeatureStore(ctx: ExperimentContext): Promise<FeatureStoreSetup> {
  const storage = str(ctx, 'storage');
  if (storage !== 'memory' && storage !== 'file') throw new UsageError(`feature store: storage must be memory or file, got ${storage}`);
  const negatives = num(ctx, 'negatives');
  const stride = num(ctx, 'labelStride');
  const world = await ctx.world();
  const rows = await ctx.stage('materialize', () => [...materializeFeatureRows(world)]);
  const storePath = storage === 'file' ? join(dataDirectory(), `feature-store-${ctx.scale}-${ctx.seed}.sqlite`) : ':memory:';
  if (storage === 'file') for (const suffix of ['', '-wal', '-shm']) if (existsSync(storePath + suffix)) rmSync(storePath + suffix);
  const store = OfflineStore.open(storePath);
  await ctx.stage('offline-write', async () => {
    for (let i = 0; i < rows.length; i += BATCH) {
      store.writeBatch(rows.slice(i, i + BATCH));
      ctx.progress('offline-write', Math.min(1, (i + BATCH) / rows.length));
      await ctx.tick();
    }
  });
  const events = buildLabelEvents(world, ctx.rng('label-events'), { negativesPerPositive: negatives, stride });
  const trainEnd = firstEventAtOrAfter(events, world.split.trainEndDay);
  if (trainEnd < 100 || events.count - trainEnd < 100) {
    throw new UsageError(`feature store: too few label events on one side of the split (${trainEnd} train, ${events.count - trainEnd} test); lower labelStride`);
  }
  return { world, rows, store, storePath, events, trainEnd };
}
