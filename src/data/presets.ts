/**
 * Scale presets of the synthetic world: the one source of truth for sizes and choice-model weights.
 * datasets/presets/<scale>.json are copies written from this table by `recsys-lab data presets --write`
 * (test/data/presets.test.ts fails when the committed JSON drifts from this file).
 */
import { UsageError } from '../core/errors.js';
import { SCALES, type Scale, type WorldConfig, type WorldOptions } from './world-types.js';

/** Position bias: an additive logit −0.5·log2(1 + pos), so slot 9 loses ~1.7 logits against slot 0. */
function positionBias(slateSize: number): number[] {
  return Array.from({ length: slateSize }, (_, p) => -0.5 * Math.log2(1 + p) + 0); // + 0 turns −0 into 0 (JSON-safe)
}

const common = {
  latentDim: 32,
  tagsPerItem: 3,
  numCountries: 20,
  numAgeBands: 6,
  numDevices: 3,
  slateSize: 10,
  affinityWeight: 4,
  popularityWeight: 0.35,
  clickBias: -4.2,
} as const;

const sizes: Record<Scale, Omit<WorldConfig, keyof typeof common | 'scale' | 'seed' | 'positionBias'>> = {
  tiny: { numUsers: 2_000, numItems: 5_000, numTopCategories: 10, numCategories: 50, numBrands: 300, numTags: 120, days: 30, testDays: 5 },
  small: { numUsers: 20_000, numItems: 100_000, numTopCategories: 15, numCategories: 300, numBrands: 3_000, numTags: 600, days: 60, testDays: 7 },
  full: { numUsers: 100_000, numItems: 1_000_000, numTopCategories: 20, numCategories: 1_000, numBrands: 20_000, numTags: 2_000, days: 60, testDays: 7 },
};

/** The preset configuration of a scale (a fresh object; safe to mutate). */
export function presetConfig(scale: Scale, seed = 42): WorldConfig {
  if (!SCALES.includes(scale)) throw new UsageError(`world: scale must be one of ${SCALES.join(', ')}, got ${String(scale)}`);
  return { scale, seed, ...common, ...sizes[scale], positionBias: positionBias(common.slateSize) };
}

/**
 * Resolve WorldOptions to a full, validated config: preset of the scale, then overrides.
 * When slateSize is overridden without positionBias, the bias is recomputed for the new length.
 * Throws UsageError naming the field and the allowed range.
 */
export function resolveWorldConfig(options: WorldOptions = {}): WorldConfig {
  const scale = options.scale ?? 'tiny';
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) throw new UsageError(`world: seed must be an integer, got ${seed}`);
  const overrides = { ...(options.overrides ?? {}) };
  const config: WorldConfig = { ...presetConfig(scale, seed), ...overrides };
  if (overrides.slateSize !== undefined && overrides.positionBias === undefined) {
    config.positionBias = positionBias(config.slateSize);
  }
  validateConfig(config);
  return config;
}

const intFields: [keyof WorldConfig, number, number][] = [
  ['numUsers', 1, 50_000_000], ['numItems', 1, 50_000_000], ['latentDim', 1, 1024],
  ['numTopCategories', 1, 10_000], ['numCategories', 1, 1_000_000], ['numBrands', 1, 10_000_000],
  ['numTags', 1, 10_000_000], ['tagsPerItem', 0, 64], ['numCountries', 1, 255], ['numAgeBands', 1, 255],
  ['numDevices', 1, 255], ['days', 1, 3650], ['testDays', 0, 3650], ['slateSize', 1, 255],
];

function validateConfig(c: WorldConfig): void {
  for (const [field, lo, hi] of intFields) {
    const v = c[field] as number;
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new UsageError(`world: ${field} must be an integer in [${lo}, ${hi}], got ${String(v)}`);
    }
  }
  if (c.numCategories < c.numTopCategories) {
    throw new UsageError(`world: numCategories (${c.numCategories}) must be ≥ numTopCategories (${c.numTopCategories})`);
  }
  if (c.tagsPerItem > c.numTags) throw new UsageError(`world: tagsPerItem (${c.tagsPerItem}) must be ≤ numTags (${c.numTags})`);
  if (c.testDays >= c.days) throw new UsageError(`world: testDays (${c.testDays}) must be < days (${c.days})`);
  if (c.positionBias.length !== c.slateSize) {
    throw new UsageError(`world: positionBias must have slateSize (${c.slateSize}) entries, got ${c.positionBias.length}`);
  }
  for (const f of ['affinityWeight', 'popularityWeight', 'clickBias'] as const) {
    if (!Number.isFinite(c[f])) throw new UsageError(`world: ${f} must be a finite number, got ${c[f]}`);
  }
}
