/**
 * History of drills: one JSON line per drill in $XDG_STATE_HOME/recsys-lab/drills.jsonl
 * (default ~/.local/state/recsys-lab). Each drill is appended with one write(2) on a file opened O_APPEND,
 * so concurrent drills never interleave inside a line; a torn last line (a crash mid-write) is skipped on read.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DrillMode, DrillScore, PartOutcome } from './types.js';

export interface DrillRecord {
  schema: 'recsys-lab/drill@1';
  /** ISO time the drill ended */
  at: string;
  lesson: string;
  mode: DrillMode;
  seed: number;
  minutes: number;
  elapsedMs: number;
  timedOut: boolean;
  score: number;
  hits: number;
  misses: number;
  falsePicks: number;
  outlineParts: number;
  parts: { kind: 'outline' | 'distractor'; label: string; outcome: PartOutcome }[];
  /** the written answer (write mode) */
  answer?: string;
}

/** The history line of a scored drill — one builder for the CLI drill and the TUI screen. */
export function drillRecord(
  o: Pick<DrillRecord, 'lesson' | 'mode' | 'seed' | 'minutes' | 'elapsedMs' | 'timedOut' | 'answer'> & { score: DrillScore; at?: Date },
): DrillRecord {
  const s = o.score;
  return {
    schema: 'recsys-lab/drill@1',
    at: (o.at ?? new Date()).toISOString(),
    lesson: o.lesson,
    mode: o.mode,
    seed: o.seed,
    minutes: o.minutes,
    elapsedMs: o.elapsedMs,
    timedOut: o.timedOut,
    score: s.score,
    hits: s.hits,
    misses: s.misses,
    falsePicks: s.falsePicks,
    outlineParts: s.outlineParts,
    parts: s.parts.map((p) => ({ kind: p.part.kind, label: p.part.label, outcome: p.outcome })),
    ...(o.answer !== undefined ? { answer: o.answer } : {}),
  };
}

export function drillHistoryPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'recsys-lab', 'drills.jsonl');
}

export function appendDrill(record: DrillRecord, path = drillHistoryPath()): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, JSON.stringify(record) + '\n', { flag: 'a' });
}

/** Every well-formed record, oldest first; lines that do not parse (a torn write) are skipped. */
export function readDrills(path = drillHistoryPath()): DrillRecord[] {
  if (!existsSync(path)) return [];
  const out: DrillRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as DrillRecord;
      if (r && r.schema === 'recsys-lab/drill@1' && typeof r.lesson === 'string' && typeof r.score === 'number') out.push(r);
    } catch {
      /* a torn line: skip it */
    }
  }
  return out;
}

export interface LessonProgress {
  lesson: string;
  drills: number;
  best: number;
  last: number;
}

/** Per lesson: how many drills, the best and the latest score. */
export function drillProgress(records: DrillRecord[]): LessonProgress[] {
  const by = new Map<string, LessonProgress>();
  for (const r of records) {
    const p = by.get(r.lesson) ?? { lesson: r.lesson, drills: 0, best: 0, last: 0 };
    p.drills++;
    p.best = Math.max(p.best, r.score);
    p.last = r.score;
    by.set(r.lesson, p);
  }
  return [...by.values()].sort((a, b) => a.lesson.localeCompare(b.lesson));
}
