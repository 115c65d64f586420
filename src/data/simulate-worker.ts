/**
 * Worker side of the parallel simulation: builds the logging policy from the shared rank-space
 * arrays once, then simulates whichever blocks the main thread sends, returning their engagements.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { simulateBlock } from './interactions.js';
import { simulatorFor, type SimSpace } from './sim-space.js';
import type { WorkerTask } from './simulate-parallel.js';

const { input, policy, base } = simulatorFor(workerData as SimSpace);

parentPort!.on('message', (task: WorkerTask) => {
  const r = simulateBlock(input, policy, base, task.uLo, task.uHi, task.seed);
  parentPort!.postMessage({ block: task.block, result: r }, [r.user.buffer, r.item.buffer, r.second.buffer, r.position.buffer, r.label.buffer] as ArrayBuffer[]);
});
parentPort!.postMessage({ ready: true });
