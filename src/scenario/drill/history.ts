/**
 * History of drills: one JSON line per drill in $XDG_STATE_HOME/recsys-lab/drills.jsonl
 * (default ~/.local/state/recsys-lab). Each drill is appended as one line (jsonl.ts: one write(2), a torn last line
 * ended first); on read, a line that is torn or is not a valid drill record is skipped and counted.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { appendJsonLine, parseJsonLines, type JsonLines } from '../jsonl.js';
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
  appendJsonLine(path, record);
}

// every field the history views read; extra fields (a later version's) are kept
const drillRecordSchema = z.object({
  schema: z.literal('recsys-lab/drill@1'),
  at: z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'an ISO time'),
  lesson: z.string().min(1),
  mode: z.enum(['pick', 'write']),
  seed: z.number(),
  minutes: z.number(),
  elapsedMs: z.number(),
  timedOut: z.boolean(),
  score: z.number(),
  hits: z.number(),
  misses: z.number(),
  falsePicks: z.number(),
  outlineParts: z.number(),
  parts: z.array(z.object({ kind: z.enum(['outline', 'distractor']), label: z.string(), outcome: z.enum(['hit', 'miss', 'false-pick', 'rejected']) })),
  answer: z.string().optional(),
});

/** Every valid record, oldest first, and how many lines were skipped (torn, or missing a field the views read). */
export function readDrillHistory(path = drillHistoryPath()): JsonLines<DrillRecord> {
  if (!existsSync(path)) return { records: [], skipped: 0 };
  return parseJsonLines(readFileSync(path, 'utf8'), (doc) => (drillRecordSchema.safeParse(doc).success ? (doc as DrillRecord) : null));
}

/** Every valid record, oldest first (see readDrillHistory for the count of skipped lines). */
export function readDrills(path = drillHistoryPath()): DrillRecord[] {
  return readDrillHistory(path).records;
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
