/** One benchmark entry: a named group of measured rows, optionally side by side with an anchor. */
export type BenchScale = 'tiny' | 'small' | 'full';

export interface BenchRow {
  /** what was measured, e.g. "HNSW build 1M×64 M=16 efC=200" */
  name: string;
  value: number;
  unit: string;
  /** the anchor from DESIGN.md or a side-by-side reference measured in the same run */
  anchor?: { name: string; value: number; unit: string };
  /**
   * ours ÷ anchor expressed so that > 1 means better than the anchor (the entry decides the direction
   * and says it in `note`, e.g. "QPS ratio" or "anchor time ÷ our time").
   */
  ratio?: number;
  /** the target, e.g. "< 30 s", and whether it held */
  target?: string;
  met?: boolean;
  note?: string;
}

export interface BenchContext {
  scale: BenchScale;
  seed: number;
  /** `--scenarios a,b`: the scenario-wide entries (busy-quiet, seed-stability) run only these */
  scenarios?: string[];
  /** print a progress line on stderr */
  log(message: string): void;
}

export interface BenchEntry {
  /** short id used by `npm run bench -- --only <id>` */
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
