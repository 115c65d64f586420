// The lessons are a course only if they point at things that exist: every lesson names scenarios and test files
// that are really there, every scenario belongs to a lesson that mentions it, every topic of the interview guide
// has its lesson, and every lesson has the sections a candidate relies on. Headings are matched loosely (so the
// wording can be polished); ids and paths are matched exactly (a renamed scenario or test must update its lesson).
// Running each scenario at tiny and evaluating its claims is test/scenario/every-scenario/ (one file per topic).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios, packageRoot } from '../../src/scenario/catalog.js';
import { parseSetArgs, resolveParams } from '../../src/scenario/params.js';
import { findSection, parseLesson, REQUIRED_SECTIONS, topLevelBullets, type SectionKey } from '../../src/scenario/lesson-parse.js';
import { listLessonIds, lessonPath } from '../../src/scenario/lessons.js';

/** The topics of the interview guide (its question headings, plus the behavioural part) → the lesson that teaches each. */
const GUIDE_TOPICS: Record<string, string> = {
  'System design: design a recommender; two-stage retrieval': 'two-stage-architecture',
  'Why embeddings, and the alternatives (collaborative filtering, content)': 'why-embeddings',
  'Embedding generation and choosing the dimension': 'embedding-dimension',
  'Two-tower versus single tower': 'two-tower-vs-single-tower',
  'Training the two-tower (negatives, sampling bias)': 'two-tower-training',
  'High-cardinality categorical features': 'high-cardinality-features',
  'Matrix factorization versus deep learning': 'mf-vs-deep-learning',
  'LightGBM versus a neural network for ranking': 'gbdt-vs-nn-ranking',
  'Online/offline consistency': 'online-offline-consistency',
  'Model updates without downtime': 'model-updates',
  'Detecting and handling data drift': 'data-drift',
  'Cold start': 'cold-start',
  'Diversity': 'diversity',
  'Metrics to optimise': 'metrics',
  'Scaling to billions of users/items': 'scaling',
  'Vector search memory: FAISS/ScaNN, IVF, product quantization, int8': 'vector-compression',
  'Behavioural questions and red flags': 'behavioural-and-red-flags',
  'Latency requirements (p99 < 100 ms) and how to measure them': 'measuring-latency',
  'Calibrated scores and position bias in logged clicks (beyond the guide)': 'calibration-and-position-bias',
  'The first question end to end, in the order of an answer (requirements → labels → metrics → stages → serving → monitoring → iteration)': 'q1-end-to-end',
};

const ids = listLessonIds();
const scenarios = await listScenarios();
const scenarioIds = new Set(scenarios.map((s) => s.id));
const lessons = ids.map((id) => ({ id, text: readFileSync(lessonPath(id), 'utf8') })).map((l) => ({ ...l, parsed: parseLesson(l.text) }));

/** A named path exists; a `*` in its last segment matches at least one file of that folder. */
function pathExists(rel: string): boolean {
  if (!rel.includes('*')) return existsSync(join(packageRoot, rel));
  const slash = rel.lastIndexOf('/');
  const dir = join(packageRoot, rel.slice(0, slash));
  const pattern = new RegExp(`^${rel.slice(slash + 1).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return existsSync(dir) && readdirSync(dir).some((f) => pattern.test(f));
}

describe('the guide is covered', () => {
  it('maps every topic of the interview guide to a lesson that exists', () => {
    const missing = Object.entries(GUIDE_TOPICS).filter(([, id]) => !ids.includes(id)).map(([t, id]) => `${t} → lessons/${id}.md`);
    expect(missing).toEqual([]);
  });

  it('has no lesson outside the topic map (a new lesson must say which topic it teaches)', () => {
    const mapped = new Set(Object.values(GUIDE_TOPICS));
    expect(ids.filter((id) => !mapped.has(id))).toEqual([]);
  });

  it('keeps README.md out of the lesson list and indexes every lesson in it', () => {
    expect(ids).not.toContain('README');
    const readme = readFileSync(join(packageRoot, 'lessons', 'README.md'), 'utf8');
    expect(ids.filter((id) => !readme.includes(`(${id}.md)`))).toEqual([]);
  });

  it('lists in the index, for each lesson that owns scenarios, exactly those scenarios', () => {
    const readme = readFileSync(join(packageRoot, 'lessons', 'README.md'), 'utf8').split('\n');
    const wrong: string[] = [];
    for (const id of ids) {
      const own = scenarios.filter((s) => s.lesson === id).map((s) => s.id).sort();
      if (own.length === 0) continue;
      const row = readme.find((l) => l.startsWith('|') && l.includes(`(${id}.md)`)) ?? '';
      const listed = [...(row.split('|').at(-2) ?? '').matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).sort();
      if (listed.join() !== own.join()) wrong.push(`${id}: index lists [${listed.join(', ')}], scenarios say [${own.join(', ')}]`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('every scenario belongs to a lesson', () => {
  for (const s of scenarios) {
    it(`${s.id}: lesson "${s.lesson}" exists and names it`, () => {
      expect(ids).toContain(s.lesson);
      const lesson = lessons.find((l) => l.id === s.lesson);
      expect(lesson?.text ?? '').toContain(`\`${s.id}\``);
    });
  }
});

describe.each(lessons)('lesson $id', ({ text, parsed }) => {
  it('opens with a title and the interview question', () => {
    expect(parsed.title).not.toBe('(untitled)');
    expect(parsed.question.length).toBeGreaterThan(20);
    expect(parsed.question).toMatch(/\?/);
  });

  it('has every section of the lesson shape', () => {
    const missing = (Object.keys(REQUIRED_SECTIONS) as SectionKey[]).filter((k) => !findSection(parsed.sections, k));
    expect(missing.map((k) => `${k} (${REQUIRED_SECTIONS[k]})`)).toEqual([]);
  });

  it('gives a drill enough to work with: outline parts, wrong answers, follow-ups', () => {
    // the drill mixes outline parts with wrong answers; fewer than two of either makes a pick trivial
    expect(parsed.outline.length).toBeGreaterThanOrEqual(2);
    expect(parsed.wrongAnswers.length).toBeGreaterThanOrEqual(2);
    expect(parsed.followUps.length).toBeGreaterThanOrEqual(1);
  });

  it('names at least one scenario, and only scenarios that exist', () => {
    expect(parsed.scenarioIds.length).toBeGreaterThan(0);
    expect(parsed.scenarioIds.filter((s) => !scenarioIds.has(s))).toEqual([]);
  });

  it('gives `recsys-lab run` commands whose --set knobs the scenario declares, in range', () => {
    const bad: string[] = [];
    for (const m of text.matchAll(/`(recsys-lab run ([a-z0-9-]+)[^`]*)`/g)) {
      const scenario = scenarios.find((s) => s.id === m[2]);
      const sets = [...m[1].matchAll(/--set[ =](\S+)/g)].map((x) => x[1]);
      const scale = (/--scale (tiny|small|full)/.exec(m[1])?.[1] ?? 'small') as 'tiny' | 'small' | 'full';
      if (!scenario) continue; // reported by the scenario-id test
      try {
        resolveParams(scenario, parseSetArgs(sets), scale);
      } catch (err) {
        bad.push(`${m[1]}: ${(err as Error).message}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('turns only declared knobs in "Try it": each --set belongs to the last scenario run before it in its bullet', () => {
    const bad: string[] = [];
    for (const bullet of topLevelBullets(findSection(parsed.sections, 'tryIt')?.body ?? '')) {
      let current: (typeof scenarios)[number] | undefined;
      for (const m of bullet.matchAll(/recsys-lab run ([a-z0-9-]+)|--set[ =]([A-Za-z_]\w*=[^\s`]+)/g)) {
        if (m[1]) current = scenarios.find((s) => s.id === m[1]);
        else if (current) {
          try {
            resolveParams(current, parseSetArgs([m[2]]), 'tiny');
          } catch (err) {
            bad.push(`${current.id} ${m[2]}: ${(err as Error).message}`);
          }
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('names at least one test file, and only paths that exist', () => {
    expect(parsed.testPaths.length).toBeGreaterThan(0);
    expect(parsed.testPaths.filter((p) => !pathExists(p))).toEqual([]);
  });

  it('states a claim for its scenarios', () => {
    expect(parsed.claims.length).toBeGreaterThan(0);
  });

  it('links other lessons only by ids that exist', () => {
    const linked = [...text.matchAll(/\]\(\.?\/?([a-z0-9-]+)\.md\)/g)].map((m) => m[1]);
    expect(linked.filter((l) => !ids.includes(l))).toEqual([]);
  });
});
