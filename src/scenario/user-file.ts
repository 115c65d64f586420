/**
 * Reading a file the user names (a scenario YAML, a workshop plan): only a regular file, only up to a size that
 * such a file could sensibly have, so `/dev/zero`, a FIFO or a directory is refused with exit 2 instead of being
 * read without limit or failing with a raw errno.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { UsageError } from '../core/errors.js';

/** Scenario files and plans are a few KB; a MiB is far above any real one. */
export const MAX_USER_FILE_BYTES = 1 << 20;

/** What a path is, for messages: "a directory", "a FIFO (named pipe)", … */
export function describeFileKind(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  return 'neither a file nor a folder';
}

function refuse(what: string, path: string, err: unknown): never {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`${what} not found: ${path}`);
  if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`${what} ${path} is not readable (permission denied)`);
  throw new UsageError(`${what} ${path} cannot be read: ${(err as Error).message}`);
}

function checkRegular(what: string, path: string, st: Stats, maxBytes: number): void {
  if (!st.isFile()) throw new UsageError(`${what} ${path} is ${describeFileKind(st)}; give the path of a regular .yaml file`);
  if (st.size > maxBytes) {
    throw new UsageError(`${what} ${path} is ${(st.size / 2 ** 20).toFixed(1)} MiB; files over ${maxBytes / 2 ** 20} MiB are refused (is it the right file?)`);
  }
}

/** The text of a regular file of at most `maxBytes`; a UsageError naming `what` and the path otherwise. */
export function readUserFile(path: string, what: string, maxBytes = MAX_USER_FILE_BYTES): string {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    refuse(what, path, err);
  }
  checkRegular(what, path, st, maxBytes);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    refuse(what, path, err);
  }
  try {
    // the path may have been swapped since the stat: check what was opened, and never read past the limit
    checkRegular(what, path, fstatSync(fd), maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(maxBytes + 1 - total, Math.max(st.size, 4096)));
      const got = chunk.length === 0 ? 0 : readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      chunks.push(chunk.subarray(0, got));
      total += got;
    }
    if (total > maxBytes) throw new UsageError(`${what} ${path} grew past ${maxBytes / 2 ** 20} MiB while being read`);
    return Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    refuse(what, path, err);
  } finally {
    closeSync(fd);
  }
}

/** YAML text a user wrote, parsed; invalid YAML is a UsageError naming `file` and the parser's first line. */
export function parseYamlText(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    const detail = err instanceof YAMLParseError ? err.message.split('\n')[0] : String((err as Error).message ?? err).split('\n')[0];
    throw new UsageError(`${file}: not valid YAML: ${detail}`);
  }
}
