/**
 * Run history per scenario, kept across launches: one JSON line per run in
 * $XDG_STATE_HOME/recsys-lab/history/<scenario>.jsonl (default ~/.local/state/recsys-lab), and
 * markdown exports of a run. Appending a line never rewrites earlier runs; a line that is torn or is not a valid
 * run record is skipped and counted, so the TUI can say how many it left out.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { appendJsonLine, parseJsonLines } from '../scenario/jsonl.js';
import { readRunResult } from '../scenario/result-schema.js';
import type { RunResult } from '../scenario/types.js';

/** How many runs per scenario the compare view loads (older lines stay in the file). */
export const HISTORY_LIMIT = 50;

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'recsys-lab');
}

export interface HistoryLoad {
  runs: Record<string, RunResult[]>;
  /** records left out: torn lines, and lines that are not a valid run document */
  skipped: number;
}

export interface HistoryStore {
  dir: string;
  load(): Promise<HistoryLoad>;
  append(result: RunResult): Promise<void>;
}

const safeId = (id: string) => {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(id)) throw new UsageError(`history: scenario id must be kebab-case, got "${id}"`);
  return id;
};

export function createHistoryStore(dir = join(stateDir(), 'history')): HistoryStore {
  return {
    dir,
    async load() {
      let files: string[] = [];
      try {
        files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
      } catch {
        return { runs: {}, skipped: 0 };
      }
      const runs: Record<string, RunResult[]> = {};
      let skipped = 0;
      for (const f of files) {
        const id = f.slice(0, -'.jsonl'.length);
        let text: string;
        try {
          text = await readFile(join(dir, f), 'utf8');
        } catch {
          skipped++; // an unreadable file: one record's worth of warning is enough to send the user looking
          continue;
        }
        // a record filed under another scenario's name would show on the wrong screen
        const read = parseJsonLines(text, (doc) => {
          const r = readRunResult(doc);
          return r && r.scenario === id ? r : null;
        });
        skipped += read.skipped;
        if (read.records.length) runs[id] = read.records.slice(-HISTORY_LIMIT);
      }
      return { runs, skipped };
    },
    async append(result) {
      await mkdir(dir, { recursive: true });
      appendJsonLine(join(dir, `${safeId(result.scenario)}.jsonl`), result);
    },
  };
}

/** A file name for an export: <scenario>-<scale>-<UTC timestamp>.md */
export function exportFileName(result: RunResult, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${safeId(result.scenario)}-${result.scale}-${stamp}.md`;
}

export async function writeExport(dir: string, result: RunResult, markdown: string, at = new Date()): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = resolve(dir, exportFileName(result, at));
  await writeFile(path, markdown);
  return path;
}
