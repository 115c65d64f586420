// One decision whether to colour, for the TUI, the CLI and the lesson renderer alike (no-color.org: NO_COLOR set to a
// non-empty value turns colour off; an empty value does not).
import { describe, expect, it } from 'vitest';
import { wantsColour } from '../../src/scenario/format/palette.js';
import { styler } from '../../src/cli/output.js';
import { renderMarkdown } from '../../src/scenario/format/terminal-markdown.js';

describe('wantsColour', () => {
  it('colours a terminal, not a pipe', () => {
    expect(wantsColour({}, true)).toBe(true);
    expect(wantsColour({}, false)).toBe(false);
  });

  it('NO_COLOR with a value turns colour off; an empty NO_COLOR does not', () => {
    expect(wantsColour({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColour({ NO_COLOR: '' }, true)).toBe(true);
  });

  it('FORCE_COLOR=0 and TERM=dumb turn it off; another FORCE_COLOR turns it on, but never over NO_COLOR', () => {
    expect(wantsColour({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(wantsColour({ TERM: 'dumb' }, true)).toBe(false);
    expect(wantsColour({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: '1', NO_COLOR: 'x' }, true)).toBe(false);
  });
});

describe('the CLI styler and the lesson renderer', () => {
  it('add ANSI escapes only when colour is on, around the very same text', () => {
    const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
    expect(styler(false).heading('run')).toBe('run');
    expect(styler(true).heading('run')).not.toBe('run');
    expect(strip(styler(true).heading('run'))).toBe('run');
    const md = '# Title\n\nSome `code` and a [link](x).';
    const plain = renderMarkdown(md, { width: 60, color: false });
    const coloured = renderMarkdown(md, { width: 60, color: true });
    expect(coloured).not.toEqual(plain);
    expect(coloured.map(strip)).toEqual(plain);
  });
});
