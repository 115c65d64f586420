/** How a run records what trained its two-tower model (kept apart so serving experiments need not load the trainer). */
import type { TrainStats } from '../models/two-tower/types.js';
import type { ExperimentContext } from './types.js';

/** The run's environment names the engine: "native (2 threads)", "tfjs (wasm)" or "js"; tfjsBackend only when tfjs ran. */
export function recordTwoTowerEngine(ctx: Pick<ExperimentContext, 'setEnvironment'>, stats: Pick<TrainStats, 'engine' | 'backend'>): void {
  if (stats.engine === 'tfjs') ctx.setEnvironment('tfjsBackend', stats.backend);
  ctx.setEnvironment('twoTowerEngine', stats.engine === 'tfjs' ? `tfjs (${stats.backend})` : stats.backend);
}
