/** Where the offline store lives on disk: the user's data folder (XDG Base Directory spec), never the repo. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $XDG_DATA_HOME/recsys-lab, or ~/.local/share/recsys-lab when XDG_DATA_HOME is unset or relative (as the spec says). */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  return xdg && xdg.startsWith('/') ? join(xdg, 'recsys-lab') : join(homedir(), '.local', 'share', 'recsys-lab');
}

/** Default file of the offline feature store. */
export function defaultOfflineStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDirectory(env), 'feature-store.sqlite');
}
