/**
 * Axis arithmetic shared by the SVG and the terminal charts: which scale (a log axis for log-spaced sweeps),
 * nice tick values (1, 2, 2.5, 5 × 10^k, as Heckbert's "nice numbers"), labels at the precision the step
 * needs, and thinning so neighbouring labels never touch. Pure functions.
 */
import type { AxisScale } from '../types.js';

/** The distinct finite values, ascending. */
function distinct(values: number[]): number[] {
  return [...new Set(values.filter(Number.isFinite))].sort((a, b) => a - b);
}

function cv(xs: number[]): number {
  const m = xs.reduce((a, v) => a + v, 0) / xs.length;
  if (m === 0) return Infinity;
  const sd = Math.sqrt(xs.reduce((a, v) => a + (v - m) ** 2, 0) / xs.length);
  return sd / Math.abs(m);
}

/**
 * A sweep is log-spaced when its values are positive, span at least 4×, and their gaps are more even on a
 * log axis than on a linear one (10, 20, 50, 100, 200, 400 or 16, 32, 64 — not 1, 2, 3 … 200 or 1k, 3k, 5k).
 */
export function isLogSpaced(values: number[]): boolean {
  const xs = distinct(values);
  if (xs.length < 3 || xs[0] <= 0 || xs[xs.length - 1] / xs[0] < 4) return false;
  const lin = xs.slice(1).map((v, i) => v - xs[i]);
  const log = xs.slice(1).map((v, i) => Math.log(v / xs[i]));
  return cv(log) < cv(lin);
}

/** The x scale: forced, or log for a log-spaced sweep. A log axis needs positive values; otherwise linear. */
export function chooseXScale(spec: AxisScale | undefined, values: number[]): 'linear' | 'log' {
  const positive = values.every((v) => v > 0);
  if (spec === 'log') return positive ? 'log' : 'linear';
  if (spec === 'linear') return 'linear';
  return positive && isLogSpaced(values) ? 'log' : 'linear';
}

/**
 * The y scale: forced, or log when several lines of one unit sit orders of magnitude apart (one line would
 * otherwise lie flat on the axis): all positive and the largest value ≥ 20× the smallest line's peak.
 */
export function chooseYScale(spec: AxisScale | undefined, lines: number[][]): 'linear' | 'log' {
  const all = lines.flat();
  const positive = all.length > 0 && all.every((v) => v > 0);
  if (spec === 'log') return positive ? 'log' : 'linear';
  if (spec === 'linear' || !positive || lines.length < 2) return 'linear';
  const peaks = lines.filter((l) => l.length > 0).map((l) => Math.max(...l));
  return Math.max(...peaks) / Math.min(...peaks) >= 20 ? 'log' : 'linear';
}

/**
 * Whether a reference line at `v` belongs on an axis whose data spans [lo, hi]: within half the span of it
 * (a decade on a log axis). Farther away it would squash the data into a sliver, so it is noted instead.
 */
export function withinReach(v: number, lo: number, hi: number, log: boolean): boolean {
  if (log) return v > 0 && v >= lo / 10 && v <= hi * 10;
  const span = hi - lo || Math.abs(hi) || 1;
  return v >= lo - 0.5 * span && v <= hi + 0.5 * span;
}

/** The nice step (1, 2, 2.5, 5 × 10^k) that splits `span` into at most `maxTicks - 1` intervals. */
export function niceStep(span: number, maxTicks: number): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, maxTicks - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= raw * (1 - 1e-9)) return m * mag;
  return 10 * mag;
}

export interface Ticks {
  /** the axis range (widened to the outer ticks when `extend`) */
  lo: number;
  hi: number;
  ticks: number[];
  labels: string[];
}

/** Ticks for a linear axis over [lo, hi]; `extend` widens the range to the nearest ticks outside it (for y). */
export function linearTicks(lo: number, hi: number, maxTicks: number, extend: boolean): Ticks {
  if (!(hi > lo)) {
    const pad = Math.abs(lo) * 0.1 || 1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  const step = niceStep(hi - lo, Math.max(2, maxTicks));
  // ticks as whole multiples of the step, counted in integers: far from zero (a span of 1e-5 at 5e5) a tolerance
  // added to the tick values would sit below their rounding error
  const kFirst = extend ? Math.floor(lo / step + 1e-9) : Math.ceil(lo / step - 1e-9);
  const kLast = extend ? Math.ceil(hi / step - 1e-9) : Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  for (let k = kFirst; k <= kLast && ticks.length < 100; k++) ticks.push(k === 0 ? 0 : k * step);
  const range = extend ? { lo: Math.min(lo, ticks[0]), hi: Math.max(hi, ticks[ticks.length - 1]) } : { lo, hi };
  return { ...range, ticks, labels: formatTicks(ticks, step) };
}

/** Ticks for a log axis: 1-2-5 per decade inside [lo, hi], fewer when crowded; the ends when none falls inside. */
export function logTicks(lo: number, hi: number, maxTicks: number): Ticks {
  const d0 = Math.floor(Math.log10(lo));
  const d1 = Math.ceil(Math.log10(hi));
  const inside = (v: number): boolean => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  let ticks: number[] = [];
  for (const mults of [[1, 2, 5], [1, 3], [1]]) {
    ticks = [];
    for (let d = d0; d <= d1; d++) for (const m of mults) if (inside(m * 10 ** d)) ticks.push(Number((m * 10 ** d).toPrecision(12)));
    if (ticks.length <= maxTicks) break;
  }
  // very wide ranges: every n-th decade
  for (let every = 2; ticks.length > maxTicks; every++) ticks = ticks.filter((v) => Math.round(Math.log10(v)) % every === 0);
  if (ticks.length < 2) ticks = distinct([lo, ...ticks, hi]);
  return { lo, hi, ticks, labels: formatTicks(ticks, NaN) };
}

/**
 * Tick labels at the precision their step needs (0.9, 0.92 — never 0.9140), compact thousands (20k, 1M)
 * when every tick is a round thousand. `step` NaN (log axes): each label at its own precision.
 */
export function formatTicks(ticks: number[], step: number): string[] {
  const compact = ticks.length > 0 && Math.max(...ticks.map(Math.abs)) >= 10_000 && ticks.every((v) => v % 1000 === 0);
  if (compact) return ticks.map((v) => compactNumber(v, step));
  return ticks.map((v) => {
    const s = Number.isFinite(step) ? step : Math.abs(v) || 1;
    const decimals = Math.max(0, Math.min(8, -Math.floor(Math.log10(s) + 1e-9) + (Number.isFinite(step) && Math.abs(s / 10 ** Math.floor(Math.log10(s) + 1e-9) - 2.5) < 1e-6 ? 1 : 0)));
    const text = v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return text === '-0' ? '0' : text;
  });
}

/** 20000 → "20k", 1500000 → "1.5M". */
export function compactNumber(v: number, step = NaN): string {
  const a = Math.abs(v);
  // with a tick step, as many decimals as the step needs in this unit (998k, 1.002M stay apart); else 3 digits
  const fmt = (x: number, suffix: string): string => {
    const unit = suffix === 'G' ? 1e9 : suffix === 'M' ? 1e6 : 1e3;
    const decimals = Number.isFinite(step) && step > 0 ? Math.max(0, Math.min(8, Math.ceil(-Math.log10(step / unit) - 1e-9))) : -1;
    return `${decimals >= 0 ? Number(x.toFixed(decimals)) : Number(x.toPrecision(3))}${suffix}`;
  };
  if (a >= 1e9) return fmt(v / 1e9, 'G');
  if (a >= 1e6) return fmt(v / 1e6, 'M');
  if (a >= 1e3) return fmt(v / 1e3, 'k');
  return String(v);
}

/**
 * Keep every k-th tick (smallest k) so that no two kept labels come closer than `gap`; `extent(i)` gives label
 * i's [start, end] along the axis. The first tick is always kept.
 */
export function thinTicks(n: number, extent: (i: number) => [number, number], gap: number): number[] {
  for (let k = 1; k <= Math.max(1, n); k++) {
    const kept = Array.from({ length: n }, (_, i) => i).filter((i) => i % k === 0);
    const ok = kept.every((i, j) => j === 0 || extent(i)[0] - extent(kept[j - 1])[1] >= gap);
    if (ok) return kept;
  }
  return n > 0 ? [0] : [];
}

/**
 * The width of `text` in pixels at `fontSize`, estimated from DejaVu Sans / Verdana advance widths (the widest
 * common sans-serif faces, so the estimate is an upper bound for Arial or Helvetica).
 */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if (/[0-9]/.test(ch)) em += 0.64;
    else if (/[.,:;'|!]/.test(ch)) em += 0.34;
    else if (ch === ' ') em += 0.32;
    else if (/[ijlft()[\]]/.test(ch)) em += 0.4;
    else if (/[mwMW]/.test(ch)) em += 0.98;
    else if (/[A-Z]/.test(ch)) em += 0.74;
    else if (/[a-z]/.test(ch)) em += 0.62;
    else if (/[\-–]/.test(ch)) em += 0.5;
    else em += 1.0; // symbols and non-Latin letters (—, ×, ÷, λ, θ, ≥)
  }
  return em * fontSize;
}

/** Greedy word wrap into lines no wider than `width`; a word longer than a line is cut with an ellipsis. */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (textWidth(next, fontSize) <= width) line = next;
    else {
      if (line) lines.push(line);
      line = textWidth(word, fontSize) <= width ? word : ellipsize(word, width, fontSize);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** `text` cut to fit `width`, ending in "…" when cut. */
export function ellipsize(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  let s = text;
  while (s.length > 1 && textWidth(`${s}…`, fontSize) > width) s = s.slice(0, -1);
  return `${s.trimEnd()}…`;
}

/** At most `maxLines` wrapped lines; the last one ends in "…" when text was left over. */
export function wrapLines(text: string, width: number, fontSize: number, maxLines: number): string[] {
  const lines = wrapText(text, width, fontSize);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = ellipsize(`${kept[maxLines - 1]} ${lines[maxLines]}`, width, fontSize);
  if (!kept[maxLines - 1].endsWith('…')) kept[maxLines - 1] = ellipsize(`${kept[maxLines - 1]}…`, width, fontSize);
  return kept;
}
