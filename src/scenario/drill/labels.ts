/** The one line a drill shows for an outline part or a wrong answer, cut from the lesson's bullet. */
import { plainText } from '../lesson-parse.js';

const LABEL_MAX = 150;

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

/** "**Lead.** Rest …" → "Lead. First sentence of rest"; otherwise the first sentence. Clipped to one line. */
export function outlineLabel(bulletMd: string): string {
  const lead = /^\*\*(.+?)\*\*\s*(.*)$/.exec(bulletMd.trim());
  // a bold lead that is not its own sentence ("**Interpretability** is …") is read as part of the first sentence
  if (!lead || !/[.:?]$/.test(lead[1].trim())) return clip(firstSentence(plainText(bulletMd)));
  const head = plainText(lead[1]).replace(/[.:]$/, '');
  const rest = firstSentence(plainText(lead[2]));
  return clip(rest ? `${head}: ${rest}` : head);
}

/** A wrong answer as the candidate would say it: its quoted words if it starts with a quote, else its first sentence. */
export function distractorLabel(bulletMd: string): string {
  const text = plainText(bulletMd);
  const quoted = /^["“](.+?)["”]/.exec(text);
  return clip(quoted ? `“${quoted[1].replace(/[.,]$/, '')}”` : firstSentence(text));
}
