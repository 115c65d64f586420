/** Every exit code of the CLI, in one place. */
export const EXIT = {
  ok: 0,
  /** the run failed at run time (a bug, an I/O error) */
  runtime: 1,
  /** bad usage or validation: unknown scenario/param, out-of-range value, malformed YAML, a refused memory estimate */
  usage: 2,
  /** interrupted (Ctrl-C / SIGINT) */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
