/** Parsing of the options several commands share; errors name the option and the allowed values. */
import { UsageError } from '../core/errors.js';
import { SCALES, type Scale } from '../data/world-types.js';
import { MAX_SEEDS } from '../scenario/runner.js';

export function parseScale(text: string): Scale {
  if (!(SCALES as readonly string[]).includes(text)) throw new UsageError(`--scale must be one of ${SCALES.join(', ')}, got "${text}"`);
  return text as Scale;
}

export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new UsageError(`--seed must be an integer in [0, 4294967295], got "${text}"`);
  return n;
}

/** `--seeds N`: how many derived seeds a run repeats under (1 = the seed alone). */
export function parseSeeds(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_SEEDS) throw new UsageError(`--seeds must be an integer in [1, ${MAX_SEEDS}], got "${text}"`);
  return n;
}
