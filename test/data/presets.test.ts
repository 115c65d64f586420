// Scale presets: one source of truth (src/data/presets.ts), committed copies in datasets/presets, validation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { presetConfig, resolveWorldConfig } from '../../src/data/presets.js';
import { SCALES } from '../../src/data/world-types.js';

describe('world presets', () => {
  it.each(SCALES)('datasets/presets/%s.json equals presets.ts (regenerate with `recsys-lab data presets --write`)', (scale) => {
    const file = join(import.meta.dirname, '..', '..', 'datasets', 'presets', `${scale}.json`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(presetConfig(scale));
  });

  it('the full scale meets the issue: 1M items and at least 100k users', () => {
    const c = presetConfig('full');
    expect(c.numItems).toBe(1_000_000);
    expect(c.numUsers).toBeGreaterThanOrEqual(100_000);
  });

  it('overriding slateSize recomputes a position bias of the right length', () => {
    const c = resolveWorldConfig({ scale: 'tiny', overrides: { slateSize: 4 } });
    expect(c.positionBias).toHaveLength(4);
    expect(c.positionBias[0]).toBe(0);
  });

  it('rejects bad overrides with a UsageError naming the field and range', () => {
    expect(() => resolveWorldConfig({ overrides: { numItems: 0 } })).toThrow(UsageError);
    expect(() => resolveWorldConfig({ overrides: { numItems: 0 } })).toThrow(/numItems must be an integer in \[1, 50000000\], got 0/);
    expect(() => resolveWorldConfig({ overrides: { testDays: 30 } })).toThrow(/testDays \(30\) must be < days \(30\)/);
    expect(() => resolveWorldConfig({ scale: 'huge' as never })).toThrow(/scale must be one of tiny, small, full, got huge/);
  });
});
