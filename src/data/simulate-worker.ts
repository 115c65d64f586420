/**
 * Worker side of the parallel simulation: builds the logging policy from shared arrays once, then
 * simulates whichever blocks the main thread sends, returning each block's engagement columns.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { itemBaseLogits, simulateBlock, type SimInput } from './interactions.js';
import { LoggingPolicy } from './logging-policy.js';
import type { WorkerInit, WorkerTask } from './simulate-parallel.js';

const init = workerData as WorkerInit;
const input: SimInput = {
  config: init.config,
  users: { count: init.config.numUsers, taste: init.taste, activity: init.activity, signupDay: init.signupDay },
  items: { count: init.config.numItems, latent: init.latent, popularity: init.popularity },
};
const policy = new LoggingPolicy(
  { count: init.config.numItems, category: init.category, popularity: init.popularity, createdDay: init.createdDay },
  { categoryParent: init.categoryParent, childOffsets: init.childOffsets, childLeaves: init.childLeaves },
  { leaf: init.prefLeaf, weight: init.prefWeight },
);
const base = itemBaseLogits(init.config, init.popularity);

parentPort!.on('message', (task: WorkerTask) => {
  const r = simulateBlock(input, policy, base, task.uLo, task.uHi, task.seed);
  parentPort!.postMessage({ block: task.block, result: r }, [r.user.buffer, r.item.buffer, r.second.buffer, r.position.buffer, r.label.buffer] as ArrayBuffer[]);
});
parentPort!.postMessage({ ready: true });
