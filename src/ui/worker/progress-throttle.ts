/**
 * Progress events can come thousands of times a second; each crossing to the render thread wakes it. This keeps
 * at most one progress event per stage per `gapMs` and never reorders: a held event is sent before anything that
 * follows it, and on a timer when nothing follows. Every other event passes at once.
 */
import type { RunEvent } from '../../scenario/types.js';

export interface EventThrottle {
  push(event: RunEvent): void;
  /** send whatever is held (before the job's last message) */
  flush(): void;
}

export function throttleProgress(send: (e: RunEvent) => void, gapMs = 50, now: () => number = () => performance.now()): EventThrottle {
  const lastSent = new Map<string, number>();
  // held progress events by stage, in the order they arrived (a newer one for a stage replaces the older)
  const held = new Map<string, RunEvent>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    for (const [stage, e] of held) {
      lastSent.set(stage, now());
      send(e);
    }
    held.clear();
  };
  return {
    push(event) {
      if (event.type !== 'progress') {
        flush();
        send(event);
        return;
      }
      const last = lastSent.get(event.stage);
      if (last === undefined || now() - last >= gapMs || event.fraction >= 1) {
        flush();
        lastSent.set(event.stage, now());
        send(event);
        return;
      }
      held.delete(event.stage);
      held.set(event.stage, event);
      if (!timer) {
        timer = setTimeout(flush, gapMs);
        timer.unref?.();
      }
    },
    flush,
  };
}
