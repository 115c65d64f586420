// Defaults live only in the YAML: an experiment sees its knobs read-only, and a knob the scenario does not declare
// is a UsageError naming the scenario and the knob (never a silent default from code).
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { bool, num, str } from '../../src/experiments/param-readers.js';
import { declaredParams } from '../../src/scenario/context.js';

describe('declaredParams', () => {
  const params = declaredParams({ ef: 50, metric: 'ip', cache: false }, 'ann-recall-latency');

  it('reads declared knobs through the typed readers', () => {
    expect(num({ params }, 'ef')).toBe(50);
    expect(str({ params }, 'metric')).toBe('ip');
    expect(bool({ params }, 'cache')).toBe(false);
  });

  it('refuses an undeclared knob, naming the scenario and the knob', () => {
    expect(() => num({ params }, 'efConstruction')).toThrow(UsageError);
    expect(() => params.efConstruction).toThrow(/scenario ann-recall-latency: .*"efConstruction"/);
  });

  it('is read-only', () => {
    expect(() => {
      (params as Record<string, unknown>).ef = 10;
    }).toThrow(TypeError);
    expect(params.ef).toBe(50);
  });

  it('still spreads, serialises and resolves like a plain record', async () => {
    expect({ ...params }).toEqual({ ef: 50, metric: 'ip', cache: false });
    expect(JSON.parse(JSON.stringify(params))).toEqual({ ef: 50, metric: 'ip', cache: false });
    expect('ef' in params && !('M' in params)).toBe(true);
    await expect(Promise.resolve(params)).resolves.toBe(params);
  });
});
