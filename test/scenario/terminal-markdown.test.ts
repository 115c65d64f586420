// The lesson renderer: markdown structure survives into terminal lines that fit the width, and colour
// only adds ANSI styling on top of the very same characters (so NO_COLOR loses nothing).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitColumns, renderMarkdown, wrapSegments } from '../../src/scenario/format/terminal-markdown.js';
import { UsageError } from '../../src/core/errors.js';

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const width = (s: string) => Array.from(strip(s)).length;

const lesson = [
  '# Serving at scale',
  '> **Interview question:** how do you meet a *100 ms* budget?',
  '',
  '## What a staff-level answer covers',
  '- Retrieval narrows millions of items to hundreds with `HNSW`; ranking orders them with a heavier model.',
  '  - nested point',
  '1. first step',
  '2. second step',
  '',
  '```sh',
  'recsys-lab run ann-recall-latency --set ef=100 --scale tiny',
  '```',
  '',
  '| knob | default | trade |',
  '|------|---------|-------|',
  '| ef | 50 | recall against latency, the longer the list the slower each query becomes |',
  '',
  '---',
  'A closing paragraph',
  'over two source lines.',
].join('\n');

describe('renderMarkdown', () => {
  it('renders headings with an underline and keeps their text', () => {
    const lines = renderMarkdown(lesson, { width: 60, color: false });
    expect(lines[0]).toBe('Serving at scale');
    expect(lines[1]).toBe('═'.repeat('Serving at scale'.length));
    const h2 = lines.indexOf('What a staff-level answer covers');
    expect(lines[h2 + 1]).toMatch(/^─+$/);
  });

  it('renders block quotes, bullets, numbered items and strips emphasis markers', () => {
    const lines = renderMarkdown(lesson, { width: 60, color: false });
    expect(lines).toContain('│ Interview question: how do you meet a 100 ms budget?');
    expect(lines.some((l) => l.startsWith('• Retrieval narrows millions'))).toBe(true);
    expect(lines).toContain('  • nested point');
    expect(lines).toContain('1. first step');
    expect(lines.join('\n')).not.toMatch(/\*\*|`/);
  });

  it('indents code blocks and keeps them verbatim', () => {
    const lines = renderMarkdown(lesson, { width: 80, color: false });
    expect(lines).toContain('  recsys-lab run ann-recall-latency --set ef=100 --scale tiny');
  });

  it('draws tables in a box and wraps long cells inside their column', () => {
    const lines = renderMarkdown(lesson, { width: 50, color: false });
    const top = lines.findIndex((l) => l.startsWith('┌'));
    expect(lines[top + 1]).toMatch(/^│ knob\s+│ default\s+│ trade\s+│$/);
    expect(lines[top + 2]).toMatch(/^├─+┼─+┼─+┤$/);
    const body = lines.slice(top + 3, lines.findIndex((l) => l.startsWith('└')));
    expect(body.length).toBeGreaterThan(1); // the long cell wrapped
    expect(body.map((l) => l.split('│')[3].trim()).join(' ')).toBe('recall against latency, the longer the list the slower each query becomes');
  });

  it('honours column alignment from the separator row', () => {
    const lines = renderMarkdown('| a | b | c |\n|---|---:|:-:|\n| x | 1 | m |\n| yyyy | 1000 | mmmmm |', { width: 40, color: false });
    expect(lines).toContain('│ x    │    1 │   m   │');
    expect(lines).toContain('│ yyyy │ 1000 │ mmmmm │');
  });

  it('joins paragraph lines and draws rules across the width', () => {
    const lines = renderMarkdown(lesson, { width: 40, color: false });
    expect(lines).toContain('─'.repeat(40));
    expect(lines).toContain('A closing paragraph over two source');
  });

  it('refuses a width too small to read', () => {
    expect(() => renderMarkdown('# x', { width: 4, color: false })).toThrow(UsageError);
    expect(() => renderMarkdown('# x', { width: 4, color: false })).toThrow(/width must be ≥ 10, got 4/);
  });

  it('no rendered line is wider than the width asked for', () => {
    fc.assert(fc.property(fc.integer({ min: 10, max: 120 }), (w) =>
      renderMarkdown(lesson, { width: w, color: true }).every((l) => width(l) <= w)));
  });

  it('colour adds only ANSI styling: stripped, it equals the plain rendering', () => {
    fc.assert(fc.property(fc.integer({ min: 10, max: 120 }), (w) => {
      const plain = renderMarkdown(lesson, { width: w, color: false });
      const colour = renderMarkdown(lesson, { width: w, color: true });
      return colour.map(strip).join('\n') === plain.join('\n') && colour.join('').includes('\x1b[');
    }));
  });

  it('wrapping keeps every word of arbitrary text, in order', () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 40 }), fc.integer({ min: 1, max: 30 }), (words, w) => {
      const lines = wrapSegments([{ text: words.join(' '), style: 'plain' }], w).map((l) => l.map((s) => s.text).join(''));
      return lines.every((l) => Array.from(l).length <= w) && lines.join('').replace(/ /g, '') === words.join('');
    }));
  });

  it('fitColumns shrinks the widest column first and never below 3', () => {
    expect(fitColumns([4, 30, 5], 30)).toEqual([4, 11, 5]) // 30 columns less 3×3+1 of borders leaves 20 = 4 + 11 + 5;
    expect(fitColumns([10, 10], 5)).toEqual([3, 3]);
  });
});
