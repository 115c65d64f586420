/** Lessons are markdown files in lessons/, one per interview topic. */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { packageRoot } from './catalog.js';

export const lessonsDir = join(packageRoot, 'lessons');

export function listLessonIds(): string[] {
  if (!existsSync(lessonsDir)) return [];
  return readdirSync(lessonsDir).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => f.slice(0, -3)).sort();
}

export function lessonPath(id: string): string {
  return join(lessonsDir, `${id}.md`);
}

export async function loadLesson(id: string): Promise<string> {
  const path = lessonPath(id);
  if (!existsSync(path)) throw new UsageError(`unknown lesson "${id}"; lessons: ${listLessonIds().join(', ') || '(none)'}`);
  return readFile(path, 'utf8');
}

/** The lesson's title: its first "# " heading. */
export function lessonTitle(markdown: string): string {
  return /^#\s+(.+)$/m.exec(markdown)?.[1].trim() ?? '(untitled)';
}
