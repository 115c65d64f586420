// Builds test/properties/README.md, the index of the worked examples, from the property files themselves:
// one row per file (its interview point and lesson, from POINTS below) and one line per `it(` name.
// Refresh after adding a property:  npx tsx test/helpers/properties-index.ts --write
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const propertiesDir = join(import.meta.dirname, '..', 'properties');
export const indexPath = join(propertiesDir, 'README.md');

/** file stem → [lesson id, the interview point in a few words, optional note]. A new property file needs a row here. */
export const POINTS: Record<string, [string, string, string?]> = {
  'ab-testing': ['model-updates', 'How do you A/B test a new model — and why not peek?'],
  ann: ['scaling', 'ANN trades recall for latency; exact search defines recall'],
  calibration: ['calibration-and-position-bias', 'Your ranker orders well — is its score a probability? ECE measures it, Platt and isotonic fix it'],
  bandits: ['cold-start', 'Exploring new items: Thompson sampling and UCB1 against fixed ε-greedy', 'explore/exploit for new items'],
  compression: ['vector-compression', 'IVF probes a few cells; PQ scores m-byte codes from a per-query table; int8 rounds by half a step'],
  'cold-start': ['cold-start', 'No history: popular-in-segment without re-recommending; content vectors for new items'],
  diversity: ['diversity', 'What MMR, DPP and business-rule caps guarantee'],
  drift: ['data-drift', 'PSI measures how far a distribution moved; significance tests on huge samples flag everything'],
  'feature-store': ['online-offline-consistency', 'Point-in-time joins, one definition for both stores, transactional writes'],
  'online-store-rows': ['online-offline-consistency', 'A user\'s features read as one packed row equal the same features read one column at a time'],
  gbdt: ['gbdt-vs-nn-ranking', 'Trees need no normalisation and handle missing values — shown, not claimed'],
  'high-cardinality': ['high-cardinality-features', 'Hashing collides as balls-into-bins predicts; out-of-fold target encoding does not leak'],
  metrics: ['metrics', 'NDCG, recall, MAP, AUC, Gini, entropy, coverage as executable definitions'],
  measurement: ['measuring-latency', 'An interval around every percentile and mean: why a p99 needs hundreds of samples'],
  'position-bias': ['calibration-and-position-bias', 'Clicks logged under your own ranking: IPW undoes the slot on average; randomised traffic measures it'],
  'two-tower': ['two-tower-training', 'The logQ correction of in-batch softmax, and when it does nothing'],
  world: ['metrics', 'Offline evaluation needs a world with known ground truth; position and popularity bias are in its logs', 'and every scenario runs on this world'],
};

export function propertyFiles(): string[] {
  return readdirSync(propertiesDir).filter((f) => f.endsWith('.test.ts')).sort();
}

/** The sentence names of a file's `it(...)` calls (quotes of any kind, escaped quotes unescaped). */
export function propertyNames(src: string): string[] {
  return [...src.matchAll(/^\s*it(?:\.\w+)?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gm)].map((m) => m[2].replace(/\\(['"`])/g, '$1'));
}

export function buildIndex(): string {
  const files = propertyFiles();
  const row = (f: string): [string, string, string?] => POINTS[f.replace(/\.test\.ts$/, '')] ?? ['(no lesson: add a row to POINTS)', '(interview point?)'];
  const lessonLink = (l: string): string => `[${l}](../../lessons/${l}.md)`;
  const out = [
    '# Worked examples: the property tests',
    '',
    'Each file here demonstrates one interview point with fast-check properties: one property per `it`, named as a',
    'sentence you could say in an interview, checked on many generated inputs. Each file opens with a comment naming',
    'its point. Run one with `npx vitest run test/properties/<file>`; the generators are in test/arbitraries/.',
    'This index is generated: `npx tsx test/helpers/properties-index.ts --write`.',
    '',
    '| File | Interview point | Lesson |',
    '|------|-----------------|--------|',
    ...files.map((f) => {
      const [lesson, point, note] = row(f);
      return `| [${f}](${f}) | ${point} | ${lessonLink(lesson)}${note ? ` (${note})` : ''} |`;
    }),
    '',
  ];
  for (const f of files) {
    out.push(`## [${f}](${f}) — lesson: ${lessonLink(row(f)[0])}`, '');
    out.push(...propertyNames(readFileSync(join(propertiesDir, f), 'utf8')).map((n) => `- ${n}`), '');
  }
  return out.join('\n').trimEnd() + '\n';
}

if (process.argv.includes('--write')) {
  writeFileSync(indexPath, buildIndex());
  process.stdout.write(`wrote ${indexPath}\n`);
}
