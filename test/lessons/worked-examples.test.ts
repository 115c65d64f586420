// test/properties/ reads as a set of worked examples: each file opens with a comment naming its interview point,
// each is linked to a lesson that exists and that lesson names it, and the index (test/properties/README.md)
// is the generated one — every file and every property listed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonPath, listLessonIds } from '../../src/scenario/lessons.js';
import { buildIndex, indexPath, POINTS, propertiesDir, propertyFiles } from '../helpers/properties-index.js';

const lessons = listLessonIds();

describe('the worked-examples index', () => {
  it('is up to date (regenerate with: npx tsx test/helpers/properties-index.ts --write)', () => {
    expect(readFileSync(indexPath, 'utf8')).toBe(buildIndex());
  });
});

describe.each(propertyFiles())('%s', (file) => {
  const stem = file.replace(/\.test\.ts$/, '');

  it('opens with a comment naming its interview point', () => {
    expect(readFileSync(join(propertiesDir, file), 'utf8').split('\n')[0]).toMatch(/^\/\/ \S|^\/\*/);
  });

  it('is mapped to a lesson that exists and names the file', () => {
    const lesson = POINTS[stem]?.[0];
    expect(lessons).toContain(lesson);
    expect(readFileSync(lessonPath(lesson!), 'utf8')).toContain(`test/properties/${file}`);
  });
});
