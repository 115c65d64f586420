/**
 * Line input for the drill: node:readline on a terminal (with a deadline and Ctrl-C), or the whole of stdin read
 * up front when it is a pipe, served one line at a time, so a test or a script can feed the answers.
 */
import { createInterface, type Interface } from 'node:readline/promises';
import { RunCancelledError } from '../../core/errors.js';

export interface LineInput {
  readonly interactive: boolean;
  /** the next line, or null at end of input or when the deadline (ms since epoch) passes first */
  next(prompt: string, deadline?: number): Promise<string | null>;
  close(): void;
}

class TerminalInput implements LineInput {
  readonly interactive = true;
  private rl: Interface;
  private interrupt = new AbortController();

  constructor() {
    this.rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    this.rl.on('SIGINT', () => this.interrupt.abort());
  }

  async next(prompt: string, deadline?: number): Promise<string | null> {
    if (this.interrupt.signal.aborted) throw new RunCancelledError();
    const signals = [this.interrupt.signal];
    if (deadline !== undefined) {
      const left = deadline - Date.now();
      if (left <= 0) return null;
      signals.push(AbortSignal.timeout(left));
    }
    try {
      return await this.rl.question(prompt, { signal: AbortSignal.any(signals) });
    } catch (err) {
      if (this.interrupt.signal.aborted) throw new RunCancelledError();
      if ((err as Error).name === 'AbortError') {
        process.stdout.write('\n');
        return null;
      }
      throw err;
    }
  }

  close(): void {
    this.rl.close();
  }
}

class ScriptedInput implements LineInput {
  readonly interactive = false;
  constructor(private lines: string[]) {}

  async next(): Promise<string | null> {
    return this.lines.length ? this.lines.shift()! : null;
  }

  close(): void {}
}

export async function openLineInput(): Promise<LineInput> {
  if (process.stdin.isTTY) return new TerminalInput();
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return new ScriptedInput(text.replace(/\r\n/g, '\n').split('\n'));
}
