/** Every exit code of the CLI, in one place. */
export const EXIT = {
  ok: 0,
  /** the run failed at run time (a bug, an I/O error), or its output could not be written (the results are kept and the message says where) */
  runtime: 1,
  /** bad usage or validation: unknown scenario/param, out-of-range value, malformed YAML, a refused memory estimate */
  usage: 2,
  /** interrupted (Ctrl-C / SIGINT) */
  interrupted: 130,
  /** terminated (SIGTERM): 128 + 15, what a shell reports for a process the signal killed */
  terminated: 143,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
