/** Shared by the scenarios on the intraday world (freshness, sequence-vs-pooling): its knobs and evaluation requests. */
import { SECONDS_PER_DAY, type IntradayOptions, type IntradayWorld } from '../data/intraday.js';
import { num } from './param-readers.js';
import type { ExperimentContext } from './types.js';

/** The intraday world's knobs (scenarios/knobs/intraday-world.yaml). */
export function intradayOptions(ctx: ExperimentContext): IntradayOptions {
  return {
    users: num(ctx, 'users'), days: num(ctx, 'days'), sessionsPerDay: num(ctx, 'sessionsPerDay'), eventsPerSession: num(ctx, 'eventsPerSession'),
    intentShare: num(ctx, 'intentShare'), intentStickiness: num(ctx, 'intentStickiness'), trendShare: num(ctx, 'trendShare'),
    trendingItems: num(ctx, 'trendingItems'), burstHours: num(ctx, 'burstHours'),
  };
}

/** Evaluation requests: indices of events of the last day, evenly spaced, at most `n`. */
export function lastDayRequests(day: IntradayWorld, n: number): Int32Array {
  const from = (day.options.days - 1) * SECONDS_PER_DAY;
  const ev = day.events;
  let first = 0;
  while (first < ev.count && ev.second[first] < from) first++;
  const m = ev.count - first;
  const take = Math.min(n, m);
  return Int32Array.from({ length: take }, (_, q) => first + Math.floor((q * m) / take));
}

/** The first event of the last day (events before it are history). */
export function lastDayStart(day: IntradayWorld): number {
  return (day.options.days - 1) * SECONDS_PER_DAY;
}
