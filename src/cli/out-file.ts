/**
 * Where `--out` writes, decided before the run, and what happens to a finished run's results when writing
 * still fails at the end.
 *
 * - A symlink is followed to its target (the link stays a link).
 * - A new or existing regular file is written atomically: a temp sibling, then a rename over it.
 * - An existing character device or FIFO (/dev/null, /dev/stdout, a named pipe) is written in place: a rename
 *   would replace the device node with a regular file.
 * - A directory, a block device, a socket, a missing or unwritable folder, a read-only file: refused with exit 2
 *   before any work is done.
 * - Output that fails after the run (a full disk, a device that refuses the bytes) never loses the results:
 *   they are printed on stdout instead, or saved to a file in the temp folder when stdout fails too, and one
 *   line says so (exit 1).
 */
import { accessSync, chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, readlinkSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { errnoText, UsageError } from '../core/errors.js';
import { describeFileKind } from '../scenario/user-file.js';

export interface OutTarget {
  /** the path as the user gave it (used in messages) */
  given: string;
  /** the file written, symlinks followed */
  path: string;
  /** atomic: a new or regular file (temp + rename); in-place: an existing character device or FIFO */
  mode: 'atomic' | 'in-place';
}

/** A finished run whose results could not go where they were asked to go, but were kept (exit 1, one line). */
export class OutputFailedError extends Error {
  override name = 'OutputFailedError';
}

/** Follow symlinks to the path that would be written (which may not exist yet). */
function followLinks(path: string, option: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      return p; // nothing there (or a folder we cannot search): the checks below say which
    }
    if (!st.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw new UsageError(`${option} ${path}: too many levels of symbolic links`);
}

function canWrite(path: string, mode = constants.W_OK): NodeJS.ErrnoException | null {
  try {
    accessSync(path, mode);
    return null;
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
}

function whyNot(err: NodeJS.ErrnoException): string {
  return err.code === 'EROFS' ? 'is on a read-only file system' : err.code === 'EACCES' || err.code === 'EPERM' ? 'is not writable (permission denied)' : `cannot be written (${errnoText(err)})`;
}

/** The folder a new file goes into must exist and be writable; throws a UsageError naming it. */
export function checkFolder(dir: string, what: string): void {
  let st: Stats | null = null;
  try {
    st = statSync(dir);
  } catch {
    /* reported below */
  }
  if (!st?.isDirectory()) throw new UsageError(`${what}: folder "${dir}" does not exist (create it first, or write to an existing folder)`);
  const denied = canWrite(dir, constants.W_OK | constants.X_OK);
  if (denied) throw new UsageError(`${what}: folder "${dir}" ${whyNot(denied)}`);
}

/**
 * Check an --out target before the run; throws a UsageError (exit 2) naming the path and what is allowed.
 * `regularOnly` refuses devices and FIFOs too (a workshop report has SVG figures beside it).
 */
export function checkOutTarget(given: string, options: { option?: string; regularOnly?: boolean } = {}): OutTarget {
  const option = options.option ?? '--out';
  const path = followLinks(given, option);
  let st: Stats | null = null;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new UsageError(`${option} ${given}: cannot be checked (${errnoText(err)})`);
  }
  const allowed = options.regularOnly ? 'a regular file' : 'a regular file, a character device or a FIFO';
  if (!st) {
    checkFolder(dirname(path), `${option} ${given}`);
    return { given, path, mode: 'atomic' };
  }
  if (st.isDirectory()) throw new UsageError(`${option} ${given} is a directory; name a file inside it (e.g. ${join(given, 'result.json')})`);
  if (st.isFile()) {
    checkFolder(dirname(path), `${option} ${given}`);
    const denied = canWrite(path);
    if (denied) throw new UsageError(`${option} ${given} ${whyNot(denied)}`);
    return { given, path, mode: 'atomic' };
  }
  if (options.regularOnly || !(st.isCharacterDevice() || st.isFIFO())) {
    throw new UsageError(`${option} ${given} is ${describeFileKind(st)}; ${option} writes to ${allowed}`);
  }
  const denied = canWrite(path);
  if (denied) throw new UsageError(`${option} ${given} ${whyNot(denied)}`);
  return { given, path, mode: 'in-place' };
}

function writeAll(fd: number, content: string): void {
  const bytes = Buffer.from(content, 'utf8');
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** Write a file atomically (temp sibling + rename), so Ctrl-C never leaves half a file; an existing file keeps its mode. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    /* a new file: the default mode */
  }
  try {
    try {
      unlinkSync(tmp); // a leftover of this pid; 'wx' below never follows a link planted at the temp name
    } catch {
      /* none */
    }
    const fd = openSync(tmp, 'wx', 0o666);
    try {
      writeAll(fd, content);
    } finally {
      closeSync(fd);
    }
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw err;
  }
}

/** Write `content` to a checked target: atomically for a file, in place for a device or FIFO. */
export function writeOut(target: OutTarget, content: string): void {
  if (target.mode === 'atomic') return writeFileAtomic(target.path, content);
  // O_APPEND is harmless on a device and a FIFO; no O_TRUNC (meaningless there), no O_CREAT (it must still exist)
  const fd = openSync(target.path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOCTTY);
  try {
    writeAll(fd, content);
  } finally {
    closeSync(fd);
  }
}

/** Set while a command writes its results to stdout itself, so the CLI's stdout error handler leaves the error to it. */
export const stdoutGuard = { active: 0 };

/** Write to stdout and learn whether it worked (a full disk, a closed pipe) instead of an 'error' event later. */
export function writeStdout(text: string): Promise<void> {
  stdoutGuard.active++;
  return new Promise<void>((resolveWrite, reject) => {
    process.stdout.write(text, (err) => {
      // the stream emits 'error' on a later tick: keep the guard up until then
      setImmediate(() => stdoutGuard.active--);
      if (err) reject(err);
      else resolveWrite();
    });
  });
}

/** Save results that could not be delivered to a file in the temp folder; the clause that says where `what` went. */
function saveAside(content: string, name: string, what: string): string {
  try {
    const dir = join(tmpdir(), 'recsys-lab-results');
    mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const path = join(dir, `${stamp}-${process.pid}-${name}`);
    writeFileAtomic(path, content);
    return `saved ${what} to ${path} instead`;
  } catch (err) {
    return `saving ${what} to the temp folder failed too (${errnoText(err)})`;
  }
}

/**
 * Output failed after the run: keep the results on stdout, else in a file in the temp folder, and throw an
 * OutputFailedError whose one line says what failed (`why`) and where the results went.
 */
export async function keepResults(content: string, why: string, asideName: string, what = 'the results'): Promise<never> {
  try {
    await writeStdout(content);
  } catch (err) {
    throw new OutputFailedError(`${why}; ${saveAside(content, asideName, what)}`);
  }
  throw new OutputFailedError(`${why}; printed ${what} on stdout instead`);
}

/**
 * Deliver a finished run's text: to the --out target when given, else stdout. When that fails the results are
 * kept (keepResults). A closed stdout pipe (`| head`) is the reader's choice, not a failure.
 */
export async function deliver(content: string, target: OutTarget | undefined, asideName: string, wrote?: string): Promise<void> {
  if (target) {
    try {
      writeOut(target, content);
    } catch (err) {
      return keepResults(content, `could not write ${target.given} (${errnoText(err)})`, asideName);
    }
    process.stderr.write(`${wrote ?? `wrote ${target.given}`}\n`);
    return;
  }
  try {
    await writeStdout(content);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return;
    throw new OutputFailedError(`could not write to stdout (${errnoText(err)}); ${saveAside(content, asideName, 'the results')}`);
  }
}
