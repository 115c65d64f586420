/**
 * The TUI's run worker (a worker thread): runs one job at a time through the same runner as `recsys-lab run`,
 * posting its events, and aborts it when asked. Loaded by client.ts (from dist/ as .js, from the sources through tsx).
 */
import { parentPort } from 'node:worker_threads';
import { RunCancelledError, UsageError } from '../../core/errors.js';
import { withMeasureLimits } from '../../measure/limits.js';
import { measureLimitsFromEnv } from '../../measure/limits-env.js';
import { throttleProgress } from './progress-throttle.js';
import type { FromWorker, RunJob, ToWorker } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('run-worker.ts is a worker thread entry; start it with RunWorkerClient');

const jobs = new Map<number, AbortController>();
const send = (m: FromWorker): void => port.postMessage(m);

async function runJob(id: number, job: RunJob, signal: AbortSignal): Promise<FromWorker> {
  const events = throttleProgress((event) => send({ type: 'event', id, event }));
  // the outcome travels as the job's last message; the runner's own done/cancelled/error events would repeat it
  const onEvent = (e: Parameters<typeof events.push>[0]): void => {
    if (e.type !== 'done' && e.type !== 'cancelled' && e.type !== 'error') events.push(e);
  };
  try {
    // this thread does not share the CLI's async context: it reads the test suite's measurement limits itself
    const limits = measureLimitsFromEnv();
    if (job.kind === 'run') {
      const { runScenario } = await import('../../scenario/runner.js');
      const result = await runScenario(job.scenario, { params: job.params, scale: job.scale, seed: job.seed, seeds: job.seeds, signal, onEvent, measure: limits });
      events.flush();
      return { type: 'result', id, result };
    }
    const { measureLesson } = await import('../../scenario/drill/measure.js');
    const measured = await withMeasureLimits(limits, () => measureLesson(job.lesson, job.named, {
      scale: job.scale,
      signal,
      onEvent,
      onScenario: (scenario, index, total) => {
        events.flush();
        send({ type: 'scenario', id, scenario, index, total });
      },
    }));
    events.flush();
    return { type: 'measured', id, measured };
  } catch (err) {
    if (err instanceof RunCancelledError || signal.aborted) return { type: 'cancelled', id };
    events.flush();
    return { type: 'failed', id, message: err instanceof Error ? err.message : String(err), usage: err instanceof UsageError };
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'abort') {
    jobs.get(m.id)?.abort();
    return;
  }
  const abort = new AbortController();
  jobs.set(m.id, abort);
  void runJob(m.id, m.job, abort.signal).then((last) => {
    jobs.delete(m.id);
    send(last);
  });
});
