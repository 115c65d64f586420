// An ordered drill scores the structure of an answer, not its keywords: the Q1 lesson numbers its outline, so its
// drill asks for the steps in the order an answer covers them. The right steps in the right order score high; the same
// steps (the same words) shuffled score low; no strategy that reads only the options' format reaches 50%.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { loadDrillBank } from '../../src/scenario/drill/bank.js';
import { drillQuestionFromLesson, orderAgreement, parsePickAnswer, pickOptionsForSeed, scorePick, type DrillPart, type DrillQuestion } from '../../src/scenario/drill/index.js';
import { labelsOf, STRATEGIES } from './format-strategies.js';

const bank = await loadDrillBank();
const q1 = bank.find((q) => q.lesson === 'q1-end-to-end')!;
const SEEDS = 40;

/** The option indices of the outline's steps, in the given step order. */
function indicesOf(options: DrillPart[], steps: number[]): number[] {
  return steps.map((s) => options.findIndex((o) => o.step === s));
}

describe('orderAgreement (Kendall τ, floored at 0)', () => {
  it('is 1 in order, 0 reversed, and counts pairs by hand', () => {
    expect(orderAgreement([0, 1, 2, 3])).toBe(1);
    expect(orderAgreement([3, 2, 1, 0])).toBe(0);
    // [1, 0, 2]: pairs (1,0) discordant, (1,2) and (0,2) concordant → (2 − 1) / 3
    expect(orderAgreement([1, 0, 2])).toBeCloseTo(1 / 3, 12);
    expect(orderAgreement([4])).toBe(1);
    expect(orderAgreement([])).toBe(0);
  });

  it('swapping two neighbours that were in order never raises it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 12 }).map((a) => [...new Set(a)]).filter((a) => a.length >= 2), fc.nat(), (steps, at) => {
        const i = at % (steps.length - 1);
        if (steps[i] > steps[i + 1]) return;
        const swapped = [...steps];
        [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
        expect(orderAgreement(swapped)).toBeLessThanOrEqual(orderAgreement(steps));
      }),
    );
  });
});

describe('the Q1 drill is an ordered question', () => {
  it('reads the numbered outline as steps, from clarifying the product to the next experiment', () => {
    expect(q1.ordered).toBe(true);
    expect(q1.outline.map((p) => p.step)).toEqual(q1.outline.map((_, i) => i));
    expect(q1.outline[0].label).toMatch(/^Clarify the product and the scale/);
    expect(q1.outline.at(-1)!.label).toMatch(/retraining, A\/B tests/);
    expect(q1.distractors.every((d) => d.step === undefined)).toBe(true);
    // an unnumbered outline stays an unordered question
    expect(bank.filter((q) => q.lesson !== 'q1-end-to-end').every((q) => !q.ordered)).toBe(true);
  });

  it('(a) a well-structured answer — every step, in order — scores 1; one wrong pick costs a step, not the order', () => {
    for (let seed = 0; seed < 5; seed++) {
      const options = pickOptionsForSeed(q1, seed);
      const inOrder = indicesOf(options, q1.outline.map((_, i) => i));
      const s = scorePick(options, inOrder);
      expect(s.score).toBe(1);
      expect(s.order).toBe(1);
      const wrong = options.findIndex((o) => o.kind === 'distractor');
      expect(scorePick(options, [...inOrder, wrong]).score).toBeCloseTo((q1.outline.length - 1) / q1.outline.length, 12);
    }
  });

  it('(b) the same steps — the same words — shuffled score low: reversed 0, random orders about 0.1 on average', () => {
    const options = pickOptionsForSeed(q1, 1);
    const n = q1.outline.length;
    expect(scorePick(options, indicesOf(options, [...Array(n).keys()].reverse())).score).toBe(0);
    const rng = new Rng(9);
    let total = 0;
    const draws = 400;
    for (let d = 0; d < draws; d++) {
      const s = scorePick(options, indicesOf(options, rng.shuffle([...Array(n).keys()])));
      // coverage is full every time: only the order moves the score
      expect(s.hits).toBe(n);
      total += s.score;
    }
    // E[max(0, τ)] over random permutations of 7 is about 0.13 (τ has sd ≈ 0.32 around 0)
    expect(total / draws).toBeLessThan(0.2);
  });

  it('(c) no format-only strategy scores 50% or more, whether its picks are read in shown order or sorted', () => {
    const worst: string[] = [];
    for (const s of STRATEGIES) {
      let total = 0;
      for (let seed = 0; seed < SEEDS; seed++) {
        const options = pickOptionsForSeed(q1, seed);
        total += scorePick(options, s.pick(labelsOf(options), q1.outline.length, q1.question)).score;
      }
      if (total / SEEDS >= 0.5) worst.push(`${s.name}: ${(total / SEEDS).toFixed(2)}`);
    }
    expect(worst).toEqual([]);
  });

  it('an unordered question ignores the order of the picks, as before', () => {
    const q: DrillQuestion = drillQuestionFromLesson('x', '# X\n\n> **Interview question:** Why?\n\n## What a staff-level answer covers\n\n- **A.** a\n- **B.** b\n\n## Common wrong answers\n\n- **C.** c\n');
    expect(q.ordered).toBe(false);
    const options = pickOptionsForSeed(q, 3);
    const outline = options.flatMap((o, i) => (o.kind === 'outline' ? [i] : []));
    expect(scorePick(options, outline).score).toBe(1);
    expect(scorePick(options, [...outline].reverse()).score).toBe(1);
    expect(scorePick(options, outline).order).toBeUndefined();
  });

  it('the typed answer keeps its order for an ordered question ("3 1 2" is not "1 2 3")', () => {
    expect(parsePickAnswer('3 1,2 3', 5, true)).toEqual([2, 0, 1]);
    expect(parsePickAnswer('3 1,2 3', 5)).toEqual([0, 1, 2]);
  });
});
