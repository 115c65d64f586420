// `recsys-lab <command> …` loads only that command's module (src/cli/main.ts programFor); the help and anything
// commander must name neighbours for (a mistyped command) still get every command.
// It calls the compiled main.js (dist/, kept current by test/global-setup.ts), loaded by Node as the binary loads it:
// through vitest every command module would be transformed again (about 6 CPU-s for this one check).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli-path.js';

type ProgramFor = typeof import('../../src/cli/main.js').programFor;
const { programFor } = (await import(/* @vite-ignore */ pathToFileURL(join(repoRoot, 'dist', 'cli', 'main.js')).href)) as { programFor: ProgramFor };

const ALL = ['list', 'show', 'run', 'data', 'lesson', 'workshop', 'drill', 'design'];
const names = async (command: string | undefined): Promise<string[]> => (await programFor(command, new AbortController())).commands.map((c) => c.name());

describe('the program a command line gets', () => {
  it('is the one command a known command name asks for', async () => {
    for (const c of ALL) expect(await names(c)).toEqual([c]);
  });

  it('is every command for the help, a mistyped command or a name that is only an object property', async () => {
    for (const c of [undefined, 'help', 'lisst', 'constructor', '__proto__']) expect(await names(c)).toEqual(ALL);
  });
});
