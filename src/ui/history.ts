/**
 * Run history per scenario, kept across launches: one JSON line per run in
 * $XDG_STATE_HOME/recsys-lab/history/<scenario>.jsonl (default ~/.local/state/recsys-lab), and
 * markdown exports of a run. Appending a line never rewrites earlier runs; a corrupt line is skipped.
 */
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { RunResult } from '../scenario/types.js';
import { readRunResult } from '../scenario/result-schema.js';

/** How many runs per scenario the compare view loads (older lines stay in the file). */
export const HISTORY_LIMIT = 50;

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'recsys-lab');
}

export interface HistoryStore {
  dir: string;
  load(): Promise<Record<string, RunResult[]>>;
  append(result: RunResult): Promise<void>;
}

const safeId = (id: string) => {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(id)) throw new UsageError(`history: scenario id must be kebab-case, got "${id}"`);
  return id;
};

function parseLines(text: string): RunResult[] {
  return text.split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      const r = readRunResult(JSON.parse(line));
      return r ? [r] : [];
    } catch {
      return []; // a half-written line from a killed process: skip it, keep the rest
    }
  });
}

export function createHistoryStore(dir = join(stateDir(), 'history')): HistoryStore {
  return {
    dir,
    async load() {
      let files: string[] = [];
      try {
        files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
      } catch {
        return {};
      }
      const out: Record<string, RunResult[]> = {};
      for (const f of files) {
        const runs = parseLines(await readFile(join(dir, f), 'utf8'));
        if (runs.length) out[f.slice(0, -'.jsonl'.length)] = runs.slice(-HISTORY_LIMIT);
      }
      return out;
    },
    async append(result) {
      await mkdir(dir, { recursive: true });
      await appendFile(join(dir, `${safeId(result.scenario)}.jsonl`), JSON.stringify(result) + '\n');
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
