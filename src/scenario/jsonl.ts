/**
 * JSON-lines files kept across launches (run history, drill history): one record per line, appended with one
 * write(2) on a file opened O_APPEND so concurrent writers never interleave inside a line.
 *
 * A process killed mid-append leaves a torn last line without its newline. The next append starts with a newline
 * in that case, so the torn line stays alone (and is skipped on read) instead of swallowing the new record.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

/** Append `record` as one JSON line, first ending a torn last line if the file has one. */
export function appendJsonLine(path: string, record: unknown): void {
  const fd = openSync(path, 'a+');
  try {
    const size = fstatSync(fd).size;
    let lead = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) lead = '\n';
    }
    const bytes = Buffer.from(`${lead}${JSON.stringify(record)}\n`, 'utf8');
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
  } finally {
    closeSync(fd);
  }
}

export interface JsonLines<T> {
  records: T[];
  /** lines that did not parse as JSON or that `accept` refused (a torn write, an old or hand-edited record) */
  skipped: number;
}

/** Parse JSON lines, keeping what `accept` turns into a record (null refuses it) and counting the rest. */
export function parseJsonLines<T>(text: string, accept: (doc: unknown) => T | null): JsonLines<T> {
  const records: T[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const record = accept(doc);
    if (record === null) skipped++;
    else records.push(record);
  }
  return { records, skipped };
}
