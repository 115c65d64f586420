/**
 * Markdown → terminal lines: headings, paragraphs, lists, block quotes, fenced code, tables, rules and
 * inline emphasis, wrapped to a width. Pure: the TUI lesson pane and `recsys-lab lesson` share it.
 *
 * With `color: false` the output is plain text that still carries the structure (underlined headings,
 * bullets, boxed tables); with `color: true` the same characters are styled with ANSI escapes, so
 * stripping the escapes gives exactly the plain output.
 */
import { UsageError } from '../../core/errors.js';
import { stripComments } from '../lesson-parse.js';
import { ansi, PALETTE } from './palette.js';

export interface MarkdownOptions {
  /** columns available; lines never exceed it (code lines are hard-broken) */
  width: number;
  color: boolean;
}

type Style = 'plain' | 'bold' | 'em' | 'code' | 'link';
interface Segment {
  text: string;
  style: Style;
}

type Painter = (text: string, style: Style | 'heading1' | 'heading2' | 'heading3' | 'rule' | 'quote' | 'border') => string;

function painter(color: boolean): Painter {
  if (!color) return (text) => text;
  // the caller decided colour is wanted (palette.ts wantsColour)
  const c = ansi(true);
  const P = PALETTE;
  return (text, style) => {
    switch (style) {
      case 'bold': return c.bold(text);
      case 'em': return c.italic(text);
      case 'code': return c[P.accent](text);
      case 'link': return c.underline[P.link](text);
      case 'heading1': return c.bold[P.heading](text);
      case 'heading2': return c.bold[P.accent](text);
      case 'heading3': return c.bold(text);
      case 'rule': case 'border': return c[P.muted](text);
      case 'quote': return c[P.muted].italic(text);
      default: return text;
    }
  };
}

/** Visible width of plain text (code points; the lessons are ASCII plus a few symbols). */
function widthOf(text: string): number {
  return Array.from(text).length;
}

/** Split inline markdown into styled segments: `code`, **bold**, *em* / _em_, [text](url). */
export function parseInline(text: string): Segment[] {
  const out: Segment[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|(?<![\w])_([^_\s][^_]*)_(?![\w])|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at), style: 'plain' });
    if (m[1] !== undefined) out.push({ text: m[1], style: 'code' });
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ text: (m[2] ?? m[3])!, style: 'bold' });
    else if (m[4] !== undefined || m[5] !== undefined) out.push({ text: (m[4] ?? m[5])!, style: 'em' });
    else {
      out.push({ text: m[6]!, style: 'link' });
      // keep the address visible when it is not just the text again (the terminal has no hover)
      if (m[7] !== m[6]) out.push({ text: ` (${m[7]})`, style: 'plain' });
    }
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), style: 'plain' });
  return out;
}

/** Break a long word into pieces of at most `width` code points. */
function hardBreak(word: string, width: number): string[] {
  const chars = Array.from(word);
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += width) parts.push(chars.slice(i, i + width).join(''));
  return parts;
}

/**
 * Greedy word wrap over styled segments. Returns lines of segments, each at most `width` wide.
 * O(total characters).
 */
export function wrapSegments(segments: Segment[], width: number): Segment[][] {
  const w = Math.max(1, width);
  const lines: Segment[][] = [[]];
  let used = 0;
  const push = (text: string, style: Style) => {
    const line = lines[lines.length - 1];
    const prev = line[line.length - 1];
    if (prev && prev.style === style) prev.text += text;
    else line.push({ text, style });
    used += widthOf(text);
  };
  const newline = () => {
    const line = lines[lines.length - 1];
    const tail = line[line.length - 1];
    if (tail) tail.text = tail.text.replace(/ +$/, '');
    lines.push([]);
    used = 0;
  };
  for (const seg of segments) {
    for (const token of seg.text.split(/( +)/)) {
      if (token === '') continue;
      if (/^ +$/.test(token)) {
        if (used > 0 && used < w) push(' ', seg.style);
        continue;
      }
      const pieces = widthOf(token) > w ? hardBreak(token, w) : [token];
      for (const piece of pieces) {
        if (used > 0 && used + widthOf(piece) > w) newline();
        push(piece, seg.style);
      }
    }
  }
  const last = lines[lines.length - 1];
  const tail = last[last.length - 1];
  if (tail) tail.text = tail.text.replace(/ +$/, '');
  return lines;
}

function paintLine(line: Segment[], paint: Painter): string {
  return line.map((s) => paint(s.text, s.style)).join('');
}

/** Wrap inline markdown into lines; `first` prefixes the first line and `rest` the others. */
function wrapInline(text: string, width: number, paint: Painter, first = '', rest = first): string[] {
  const avail = Math.max(1, width - widthOf(first));
  return wrapSegments(parseInline(text), avail).map((line, i) => (i === 0 ? first : rest) + paintLine(line, paint));
}

/** Plain text of inline markdown (for measuring table cells). */
function plainInline(text: string): string {
  return parseInline(text).map((s) => s.text).join('');
}

function splitRow(line: string): string[] {
  const trimmed = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

function isTableSeparator(line: string): boolean {
  return /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/.test(line) && line.includes('-');
}

/**
 * Column widths that fit `width`: natural widths, then the widest column shrinks one at a time
 * (never below 3) until the row with its borders fits. O(columns × shrink steps).
 */
export function fitColumns(natural: number[], width: number): number[] {
  const cols = natural.map((n) => Math.max(1, n));
  const borders = 3 * cols.length + 1;
  while (cols.reduce((a, b) => a + b, 0) + borders > width) {
    let widest = 0;
    for (let i = 1; i < cols.length; i++) if (cols[i] > cols[widest]) widest = i;
    if (cols[widest] <= 3) break;
    cols[widest] -= 1;
  }
  return cols;
}

type Align = 'left' | 'right' | 'center';

/** Column alignment from the separator row: ---: right, :---: centre, anything else left. */
export function tableAlignments(separator: string): Align[] {
  return splitRow(separator).map((c) => (/^:-+:$/.test(c) ? 'center' : /^-+:$/.test(c) ? 'right' : 'left'));
}

function pad(text: string, painted: string, width: number, align: Align): string {
  const room = Math.max(0, width - widthOf(text));
  const left = align === 'right' ? room : align === 'center' ? Math.floor(room / 2) : 0;
  return ' '.repeat(left) + painted + ' '.repeat(room - left);
}

function renderTable(rows: string[][], width: number, paint: Painter, aligns: Align[] = []): string[] {
  const n = Math.max(...rows.map((r) => r.length));
  const cells = rows.map((r) => Array.from({ length: n }, (_, i) => r[i] ?? ''));
  const natural = Array.from({ length: n }, (_, i) => Math.max(...cells.map((r) => widthOf(plainInline(r[i])))));
  const cols = fitColumns(natural, width);
  if (cols.reduce((a, b) => a + b, 0) + 3 * n + 1 > width) return stackedTable(cells, width, paint);
  const border = (l: string, m: string, r: string) => paint(l + cols.map((c) => '─'.repeat(c + 2)).join(m) + r, 'border');
  const bar = paint('│', 'border');
  const out = [border('┌', '┬', '┐')];
  cells.forEach((row, ri) => {
    const wrapped = row.map((cell, ci) => wrapSegments(
      parseInline(cell).map((s) => (ri === 0 ? { ...s, style: s.style === 'plain' ? 'bold' as Style : s.style } : s)),
      cols[ci],
    ));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let li = 0; li < height; li++) {
      const parts = wrapped.map((w, ci) => {
        const seg = w[li] ?? [];
        const text = seg.map((s) => s.text).join('');
        return ' ' + pad(text, paintLine(seg, paint), cols[ci], ri === 0 ? 'left' : aligns[ci] ?? 'left') + ' ';
      });
      out.push(bar + parts.join(bar) + bar);
    }
    if (ri === 0 && cells.length > 1) out.push(border('├', '┼', '┤'));
  });
  out.push(border('└', '┴', '┘'));
  return out;
}

/** A table too wide for the terminal even at 3 columns per cell: one "header: value" line per cell. */
function stackedTable(cells: string[][], width: number, paint: Painter): string[] {
  const [head, ...body] = cells;
  return body.flatMap((row, ri) => [
    ...(ri > 0 ? [paint('─'.repeat(width), 'border')] : []),
    ...row.flatMap((cell, ci) => wrapInline(`**${plainInline(head[ci])}:** ${cell}`, width, paint)),
  ]);
}

function renderHeading(level: number, text: string, width: number, paint: Painter): string[] {
  const style = level === 1 ? 'heading1' : level === 2 ? 'heading2' : 'heading3';
  const prefix = level >= 3 ? '#'.repeat(level) + ' ' : '';
  const plain = wrapSegments(parseInline(text), Math.max(1, width - widthOf(prefix))).map((l) => l.map((s) => s.text).join(''));
  const lines = plain.map((l, i) => paint((i === 0 ? prefix : ' '.repeat(widthOf(prefix))) + l, style));
  if (level <= 2) {
    const underline = Math.min(width, Math.max(...plain.map(widthOf)));
    lines.push(paint((level === 1 ? '═' : '─').repeat(underline), style));
  }
  return lines;
}

interface ListItem {
  indent: number;
  marker: string;
  text: string;
}

function listItem(line: string): ListItem | undefined {
  const m = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/.exec(line);
  if (!m) return undefined;
  const marker = /^\d/.test(m[2]) ? m[2].replace(')', '.') : '•';
  return { indent: m[1].length, marker, text: m[3] };
}

function renderListItem(item: ListItem, width: number, paint: Painter): string[] {
  const pad = ' '.repeat(Math.min(Math.floor(item.indent / 2) * 2, Math.max(0, width - 10)));
  const first = `${pad}${item.marker} `;
  return wrapInline(item.text, width, paint, first, ' '.repeat(widthOf(first)));
}

function renderCode(lines: string[], width: number, paint: Painter): string[] {
  const inner = Math.max(1, width - 2);
  return lines.flatMap((l) => (l === '' ? [''] : hardBreak(l.replace(/\t/g, '  '), inner)))
    .map((l) => '  ' + paint(l, 'code'));
}

/** One block read from the source: its rendered lines, whether it wants blank lines around it, and where the next starts. */
interface BlockOut {
  lines: string[];
  spaced: boolean;
  next: number;
}

/** Read the block starting at line i (never blank) and render it. */
function readBlock(src: string[], i: number, options: MarkdownOptions, paint: Painter): BlockOut {
  const { width } = options;
  const line = src[i];
  const fence = /^\s*(```|~~~)/.exec(line);
  if (fence) {
    let j = i + 1;
    const body: string[] = [];
    while (j < src.length && !src[j].trim().startsWith(fence[1])) body.push(src[j++]);
    return { lines: renderCode(body, width, paint), spaced: true, next: j + 1 };
  }
  const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return { lines: [...renderHeading(heading[1].length, heading[2], width, paint), ''], spaced: true, next: i + 1 };
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return { lines: [paint('─'.repeat(width), 'rule')], spaced: true, next: i + 1 };
  if (line.includes('|') && i + 1 < src.length && isTableSeparator(src[i + 1])) {
    const rows = [splitRow(line)];
    let j = i + 2;
    while (j < src.length && src[j].includes('|') && src[j].trim() !== '') rows.push(splitRow(src[j++]));
    return { lines: renderTable(rows, width, paint, tableAlignments(src[i + 1])), spaced: true, next: j };
  }
  if (/^\s*>/.test(line)) {
    const quoted: string[] = [];
    let j = i;
    while (j < src.length && /^\s*>/.test(src[j])) quoted.push(src[j++].replace(/^\s*>\s?/, ''));
    const inner = width - 2 >= 10
      ? renderMarkdown(quoted.join('\n'), { ...options, width: width - 2 })
      : wrapInline(quoted.join(' '), width - 2, paint);
    return { lines: inner.map((l) => paint('│ ', 'quote') + l), spaced: false, next: j };
  }
  const item = listItem(line);
  let j = i + 1;
  if (item) {
    // continuation lines indented under the item join its text
    let text = item.text;
    while (j < src.length && src[j].trim() !== '' && !listItem(src[j]) && /^\s{2,}/.test(src[j])) text += ' ' + src[j++].trim();
    return { lines: renderListItem({ ...item, text }, width, paint), spaced: false, next: j };
  }
  const para: string[] = [line.trim()];
  while (j < src.length && src[j].trim() !== '' && !isBlockStart(src, j)) para.push(src[j++].trim());
  return { lines: wrapInline(para.join(' '), width, paint), spaced: false, next: j };
}

/**
 * Render markdown to terminal lines no wider than `width`.
 * O(length of the document). Throws UsageError when width < 10 (nothing readable fits).
 */
export function renderMarkdown(md: string, options: MarkdownOptions): string[] {
  const { width } = options;
  if (!Number.isFinite(width) || width < 10) throw new UsageError(`renderMarkdown: width must be ≥ 10, got ${width}`);
  const paint = painter(options.color);
  // HTML comments (the lessons' generated-block markers) are not for the reader
  const src = stripComments(md.replace(/\r\n?/g, '\n')).split('\n');
  const out: string[] = [];
  const blank = () => { if (out.length > 0 && out[out.length - 1] !== '') out.push(''); };
  let i = 0;
  while (i < src.length) {
    if (src[i].trim() === '') { blank(); i++; continue; }
    const block = readBlock(src, i, options, paint);
    if (block.spaced) blank();
    out.push(...block.lines);
    if (block.spaced) blank();
    i = block.next;
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function isBlockStart(src: string[], i: number): boolean {
  const line = src[i];
  return /^\s*(```|~~~|#{1,6}\s|>)/.test(line) || listItem(line) !== undefined ||
    (line.includes('|') && i + 1 < src.length && isTableSeparator(src[i + 1]));
}
