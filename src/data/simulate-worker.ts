/**
 * Worker side of the parallel simulation: on `init` builds the logging policy from the shared
 * rank-space arrays, then simulates whichever blocks the main thread sends, returning their engagements.
 */
import { parentPort } from 'node:worker_threads';
import { simulateBlock } from './interactions.js';
import { simulatorFor, type SimSpace } from './sim-space.js';
import type { WorkerTask } from './simulate-parallel.js';

let sim: ReturnType<typeof simulatorFor> | null = null;

parentPort!.on('message', (m: WorkerTask | { init: SimSpace }) => {
  if ('init' in m) {
    sim = simulatorFor(m.init);
    parentPort!.postMessage({ ready: true });
    return;
  }
  if (!sim) throw new Error('simulate-worker: a task arrived before init');
  const r = simulateBlock(sim.input, sim.policy, sim.base, m.uLo, m.uHi, m.seed);
  parentPort!.postMessage({ block: m.block, result: r }, [r.user.buffer, r.item.buffer, r.second.buffer, r.position.buffer, r.label.buffer] as ArrayBuffer[]);
});
