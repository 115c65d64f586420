// Ways to "answer" a pick drill from the options' format alone, never their meaning: each strategy sees the labels
// in the order shown (and, generously, how many outline parts there are) and picks some. A drill that tests
// understanding scores every one of them low. Used by drill-format.test.ts.
import type { DrillPart } from '../../src/scenario/drill/index.js';

export interface Strategy {
  name: string;
  /** indices of the picked options */
  pick(labels: string[], outlineCount: number, question: string): number[];
}

const all = (labels: string[]) => labels.map((_, i) => i);
const where = (test: (l: string) => boolean) => (labels: string[]) => all(labels).filter((i) => test(labels[i]));
/** the n options ranked highest by `key` (ties in shown order) */
const topN = (key: (l: string) => number) => (labels: string[], n: number) =>
  all(labels).sort((a, b) => key(labels[b]) - key(labels[a]) || a - b).slice(0, n);
/** the options above (or below) the median of `key` */
const aboveMedian = (key: (l: string) => number, sign: 1 | -1) => (labels: string[]) => {
  const values = labels.map((l) => key(l)).sort((a, b) => a - b);
  const median = values[Math.floor(values.length / 2)];
  return all(labels).filter((i) => sign * (key(labels[i]) - median) > 0);
};

const words = (s: string) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
const QUOTE = /["“”‘’]|(?:^|\s)'/;
const DIGIT = /\d/;
const ABSOLUTE = /\b(always|never|only|just|all|every|must|no|none|nothing|whenever|any)\b/i;
const HEDGE = /\b(usually|often|can|may|might|about|roughly|most|some|rarely|typically|tends?)\b/i;
const NEGATION = /\b(not|no|never|cannot|can't|doesn't|don't|isn't|without|nothing)\b/i;
const SYMBOL = /[×≈≤≥→=<>√·^/%±−]/;
const PUNCT = /[:;—–(]/;
const STOP = new Set('a an and are as at be by for from how in is it its of on or that the this to what when which with you your do does'.split(' '));
const overlap = (question: string) => {
  const q = new Set(words(question).filter((w) => !STOP.has(w)));
  return (l: string) => words(l).filter((w) => q.has(w)).length;
};

export const STRATEGIES: Strategy[] = [
  { name: 'every option', pick: (l) => all(l) },
  { name: 'unquoted only', pick: where((l) => !QUOTE.test(l)) },
  { name: 'quoted only', pick: where((l) => QUOTE.test(l)) },
  { name: 'longest n', pick: topN((l) => l.length) },
  { name: 'shortest n', pick: topN((l) => -l.length) },
  { name: 'longer than the median', pick: aboveMedian((l) => l.length, 1) },
  { name: 'shorter than the median', pick: aboveMedian((l) => l.length, -1) },
  { name: 'most words n', pick: topN((l) => words(l).length) },
  { name: 'first n shown', pick: (l, n) => all(l).slice(0, n) },
  { name: 'last n shown', pick: (l, n) => all(l).slice(-n) },
  { name: 'with a number', pick: where((l) => DIGIT.test(l)) },
  { name: 'without a number', pick: where((l) => !DIGIT.test(l)) },
  { name: 'with a symbol (× ≈ = / % …)', pick: where((l) => SYMBOL.test(l)) },
  { name: 'without a symbol', pick: where((l) => !SYMBOL.test(l)) },
  { name: 'with a colon, dash or bracket', pick: where((l) => PUNCT.test(l)) },
  { name: 'without a colon, dash or bracket', pick: where((l) => !PUNCT.test(l)) },
  { name: 'with a comma', pick: where((l) => l.includes(',')) },
  { name: 'without a comma', pick: where((l) => !l.includes(',')) },
  { name: 'no absolute words (always, never, only …)', pick: where((l) => !ABSOLUTE.test(l)) },
  { name: 'with absolute words', pick: where((l) => ABSOLUTE.test(l)) },
  { name: 'with hedges (usually, can, about …)', pick: where((l) => HEDGE.test(l)) },
  { name: 'without hedges', pick: where((l) => !HEDGE.test(l)) },
  { name: 'with a negation', pick: where((l) => NEGATION.test(l)) },
  { name: 'without a negation', pick: where((l) => !NEGATION.test(l)) },
  { name: 'ending in an ellipsis', pick: where((l) => l.endsWith('…')) },
  { name: 'most words shared with the question n', pick: (l, n, q) => topN(overlap(q))(l, n) },
];

export function labelsOf(options: DrillPart[]): string[] {
  return options.map((o) => o.label);
}
