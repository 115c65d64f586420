/**
 * Reads a lesson's markdown into its parts: the interview question, the sections of the BRIEF's lesson shape,
 * their top-level bullets, and the scenarios and test files the lesson names. Shared by the interview drill
 * (question bank) and the lesson tests, so both read a lesson the same way.
 */

export interface LessonSection {
  heading: string;
  /** the section's text below its heading, up to the next `## ` heading */
  body: string;
}

/** The sections every lesson must have, matched loosely on the heading so wording can be polished. */
export const REQUIRED_SECTIONS = {
  outline: /staff-level answer/i,
  tryIt: /^try it/i,
  claims: /^claims/i,
  wrongAnswers: /wrong answers/i,
  followUps: /follow-up/i,
  scenariosAndTests: /scenarios and tests/i,
} as const;
export type SectionKey = keyof typeof REQUIRED_SECTIONS;

export interface ParsedLesson {
  title: string;
  /** the `> **Interview question:** …` block, without the label, on one line */
  question: string;
  sections: LessonSection[];
  /** top-level bullets of "What a staff-level answer covers" */
  outline: string[];
  wrongAnswers: string[];
  followUps: string[];
  claims: string[];
  /** scenario ids from `recsys-lab run <id>` commands and the backticked ids of the "Scenarios:" line */
  scenarioIds: string[];
  /** paths under test/ that the lesson names (may contain a `*` glob) */
  testPaths: string[];
}

export function splitSections(markdown: string): LessonSection[] {
  const out: LessonSection[] = [];
  let current: LessonSection | null = null;
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) fence = !fence;
    const m = fence ? null : /^##\s+(.+?)\s*$/.exec(line);
    if (m) {
      current = { heading: m[1], body: '' };
      out.push(current);
    } else if (current) current.body += line + '\n';
  }
  return out;
}

export function findSection(sections: LessonSection[], key: SectionKey): LessonSection | undefined {
  return sections.find((s) => REQUIRED_SECTIONS[key].test(s.heading));
}

/** Top-level `- ` / `* ` / `1. ` bullets, each with its indented continuation and sub-bullets joined onto one line. */
export function topLevelBullets(body: string): string[] {
  const items: string[][] = [];
  let open = false;
  for (const line of body.split('\n')) {
    const top = /^(?:[-*]|\d+\.)\s+(.*)$/.exec(line);
    if (top) {
      items.push([top[1].trim()]);
      open = true;
    } else if (open && /^\s+\S/.test(line)) {
      items[items.length - 1].push(line.trim().replace(/^(?:[-*]|\d+\.)\s+/, ''));
    } else open = false;
  }
  return items.map((parts) => parts.join(' ').trim()).filter((s) => s.length > 0);
}

function interviewQuestion(markdown: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^>\s*\*\*Interview question:?\*\*/i.test(l));
  if (start < 0) return '';
  const block: string[] = [];
  for (let i = start; i < lines.length && /^>/.test(lines[i]); i++) block.push(lines[i].replace(/^>\s?/, ''));
  return block.join(' ').replace(/\*\*Interview question:?\*\*:?/i, '').replace(/\s+/g, ' ').trim();
}

const RUN_ID = /recsys-lab run ([a-z0-9][a-z0-9-]*)/g;
const TEST_PATH = /(?<![\w/])test\/[\w\-./*]*[\w*]/g;

function scenarioIdsOf(markdown: string, scenariosSection: LessonSection | undefined): string[] {
  const ids = new Set<string>();
  for (const m of markdown.matchAll(RUN_ID)) ids.add(m[1]);
  for (const line of (scenariosSection?.body ?? '').split('\n')) {
    if (!/^\s*[-*]\s+Scenarios?:/i.test(line)) continue;
    for (const m of line.matchAll(/`([a-z0-9][a-z0-9-]*)`/g)) ids.add(m[1]);
  }
  return [...ids];
}

/**
 * The markdown without its HTML comments (the generated blocks' markers, see lesson-blocks.ts), except inside
 * fenced code, where a marker is an example. A comment's own lines are left blank so line numbers stay.
 */
export function stripComments(markdown: string): string {
  let fence: string | null = null;
  let open = false;
  return markdown.split('\n').map((line) => {
    const f = /^\s*(```|~~~)/.exec(line);
    if (!open && (fence || f)) {
      if (fence && f?.[1] === fence) fence = null;
      else if (!fence && f) fence = f[1];
      return line;
    }
    let out = '';
    let rest = line;
    while (rest.length) {
      if (open) {
        const end = rest.indexOf('-->');
        if (end < 0) return out;
        open = false;
        rest = rest.slice(end + 3);
      } else {
        const start = rest.indexOf('<!--');
        if (start < 0) return out + rest;
        out += rest.slice(0, start);
        open = true;
        rest = rest.slice(start + 4);
      }
    }
    return out;
  }).join('\n');
}

/** Generated blocks' bodies blanked (their tables and verdict lists are a run's output, not the lesson's outline). */
function withoutGeneratedBodies(markdown: string): string {
  let inside = false;
  return markdown.split('\n').map((line) => {
    if (/^<!-- measured: .* -->\s*$/.test(line)) inside = true;
    else if (/^<!-- \/measured\b.*-->\s*$/.test(line)) inside = false;
    else if (inside) return '';
    return line;
  }).join('\n');
}

export function parseLesson(source: string): ParsedLesson {
  const markdown = stripComments(withoutGeneratedBodies(source));
  const sections = splitSections(markdown);
  const bullets = (key: SectionKey): string[] => topLevelBullets(findSection(sections, key)?.body ?? '');
  return {
    title: /^#\s+(.+)$/m.exec(markdown)?.[1].trim() ?? '(untitled)',
    question: interviewQuestion(markdown),
    sections,
    outline: bullets('outline'),
    wrongAnswers: bullets('wrongAnswers'),
    followUps: bullets('followUps'),
    claims: bullets('claims'),
    scenarioIds: scenarioIdsOf(markdown, findSection(sections, 'scenariosAndTests')),
    testPaths: [...new Set([...markdown.matchAll(TEST_PATH)].map((m) => m[0].replace(/\.$/, '')))],
  };
}

/** Markdown emphasis and code marks removed, for plain-text display. */
export function plainText(md: string): string {
  return md
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(?<!\w)\*(?!\s)(.+?)\*(?!\w)/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
