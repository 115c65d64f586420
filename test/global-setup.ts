// One world cache for the whole test run, shared by every worker (cache writes are atomic), removed at the end:
// tests never touch datasets/cache and leave nothing behind in /tmp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const owned = !process.env.RECSYS_LAB_CACHE_DIR;
  const dir = process.env.RECSYS_LAB_CACHE_DIR ?? mkdtempSync(join(tmpdir(), 'recsys-lab-test-cache-'));
  process.env.RECSYS_LAB_CACHE_DIR = dir;
  return () => {
    if (owned) rmSync(dir, { recursive: true, force: true });
  };
}
