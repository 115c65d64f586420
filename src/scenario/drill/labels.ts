/**
 * The one line a drill shows for a part of an answer. Outline parts and wrong answers are cut by the same rule,
 * so the pick mode cannot be answered from the format: a lesson writes every bullet of both sections as
 * "**One statement.** Why it is right (or wrong) …", and the label is that statement.
 */
import { plainText } from '../lesson-parse.js';

/** Longest label; a lesson's statements stay under it, so no label is clipped (a clipped one would stand out). */
export const LABEL_MAX = 150;

/** Up to the first full stop that ends a sentence (not the one in "e.g." or "vs."). */
function firstSentence(text: string): string {
  for (const m of text.matchAll(/[.?!](?=\s|$)/g)) {
    const before = text.slice(0, m.index + 1);
    if (/(?:\be\.g|\bi\.e|\bvs|\betc|\bcf|\b[A-Z])\.$/.test(before)) continue;
    return before.trim();
  }
  return text.trim();
}

function clip(text: string, max = LABEL_MAX): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[,;:—–-]\s*$/, '')}…`;
}

/** The bold statement a bullet opens with (plain text), or undefined when it opens otherwise. */
export function leadStatement(bulletMd: string): string | undefined {
  const lead = /^\*\*(.+?)\*\*/.exec(bulletMd.trim());
  if (!lead) return undefined;
  const text = plainText(lead[1]);
  return /[.?!]$/.test(text) ? text : undefined;
}

/**
 * A part's label, the same for an outline part and a wrong answer: the bullet's bold opening statement, else its
 * first sentence; clipped to one line.
 */
export function partLabel(bulletMd: string): string {
  return clip(leadStatement(bulletMd) ?? firstSentence(plainText(bulletMd)));
}
