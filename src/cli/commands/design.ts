import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { designScenario, findDesign, listDesigns } from '../../scenario/design.js';
import { compareJson, formatCompareMarkdown, formatCompareText } from '../../scenario/design-compare.js';
import { designBlocks, designDocument, formatDesignMarkdown, formatDesignText, type DesignDocument } from '../../scenario/design-report.js';
import { renderHtml } from '../../scenario/format/html.js';
import type { Block } from '../../scenario/format/report.js';
import type { Design } from '../../scenario/design.js';
import { parseSetArgs, resolveParams } from '../../scenario/params.js';
import type { Scale } from '../../scenario/types.js';
import { runScenario } from '../../scenario/runner.js';
import { parseScale, parseSeed } from '../options.js';
import { reportAbout } from '../report-about.js';
import { checkOutTarget, deliver, writeStdout } from '../out-file.js';
import { progressReporter, styler, terminalWidth, useColor } from '../output.js';

const FORMATS = ['text', 'md', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

interface DesignOpts {
  set: string[];
  scale?: string;
  seed?: string;
  format: string;
  out?: string;
  quiet?: boolean;
}

export function registerDesignCommand(program: Command, signal: () => AbortSignal): void {
  program
    .command('design')
    .argument('[design...]', 'a shipped design (reference, cheap-and-fast, quality-first) or a path to a design YAML; none lists the shipped designs; "compare a b …" reviews several side by side')
    .description('review a whole design: build it on the world, score it on held-out engagements, serve it open loop at its target QPS')
    .option('-s, --set <key=value>', 'change one choice for this run (repeatable), e.g. --set candidates=200', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--scale <scale>', "tiny (seconds) | small | full; default: the design's requirements.scale")
    .option('--seed <n>', 'seed for every random draw (same seed + design ⇒ same quality figures)')
    .option('-f, --format <format>', 'text | md (the debrief) | json (schema recsys-lab/design@1, the run@2 document under run) | html (one self-contained page to project or print)', 'text')
    .option('-o, --out <file>', 'write the output to a file (atomically) instead of stdout')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nrecsys-lab design compare <a> <b> [more…] reviews each design at one scale and seed and shows the scorecards\nside by side, with deltas against the first.\n\nA design file (scenarios/designs/*.yaml) states the requirements (scale, qps, budgetMs, memoryBudgetMb,\nminRecallAt100, minNdcgAt10) and the choices of every stage (retrieval, index, ranking, reranker, rules, caches,\nserving, review). The requirements become claims, judged on bootstrap resamples like a scenario\'s: ✓ holds, ✗ fails,\n? inconclusive.\n\nExamples:\n  recsys-lab design\n  recsys-lab design reference --scale tiny\n  recsys-lab design scenarios/designs/cheap-and-fast.yaml --scale tiny --format md --out debrief.md\n  recsys-lab design my-design.yaml --format json | jq .scorecard\n  recsys-lab design compare reference cheap-and-fast quality-first --scale tiny --format md --out debrief.md',
    )
    .action(async (args: string[], opts: DesignOpts) => {
      const format = opts.format as Format;
      if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${opts.format}"`);
      if (args[0] === 'compare') {
        await compare(args.slice(1), opts, format, signal);
        return;
      }
      if (args.length > 1) throw new UsageError(`design takes one design (got ${args.length}: ${args.join(', ')}); to review several side by side: recsys-lab design compare ${args.join(' ')}`);
      const id = args[0];
      if (id === undefined) {
        const lines = listDesigns().map((d) => `${d.id.padEnd(16)} ${d.title}`);
        await writeStdout(`${lines.join('\n')}\n\nReview one with: recsys-lab design <id> --scale tiny\n`);
        return;
      }
      const design = findDesign(id);
      const scale = opts.scale === undefined ? design.scale : parseScale(opts.scale);
      const scenario = designScenario(design);
      const target = opts.out ? checkOutTarget(opts.out) : undefined;
      const doc = await review(design, scale, opts, signal);
      const color = !opts.out && useColor();
      const text =
        format === 'json'
          ? JSON.stringify(doc, null, 2) + '\n'
          : format === 'md'
            ? formatDesignMarkdown(doc, scenario)
            : format === 'html'
              ? renderHtml({ title: `Design review — ${design.title}`, blocks: designBlocks(doc, scenario), about: reportAbout(commandLine(['design', id], opts)) })
              : formatDesignText(doc, scenario, { width: terminalWidth(), style: styler(color) });
      await deliver(text, target, `design-${design.id}.${format === 'json' ? 'json' : format === 'text' ? 'txt' : format}`);
    });
}

/** Build, serve and score one design through the scenario runner, with progress on stderr. */
async function review(design: Design, scale: Scale, opts: DesignOpts, signal: () => AbortSignal): Promise<DesignDocument> {
  const progress = progressReporter(Boolean(opts.quiet));
  try {
    const result = await runScenario(designScenario(design), { params: parseSetArgs(opts.set), scale, seed: parseSeed(opts.seed), signal: signal(), onEvent: progress.onEvent });
    return designDocument(design, result);
  } finally {
    progress.done();
  }
}

/** `design compare a b …`: every design at one scale (--scale, else the first design's) and seed, side by side. */
async function compare(ids: string[], opts: DesignOpts, format: Format, signal: () => AbortSignal): Promise<void> {
  if (ids.length < 2) throw new UsageError(`design compare needs at least two designs, got ${ids.length}; e.g. recsys-lab design compare reference cheap-and-fast`);
  // every file is read and every --set checked before the first build: a typo in the last design costs nothing
  const designs = ids.map((id) => findDesign(id));
  const scale = opts.scale === undefined ? designs[0].scale : parseScale(opts.scale);
  const sets = parseSetArgs(opts.set);
  for (const d of designs) resolveParams(designScenario(d), sets, scale);
  const target = opts.out ? checkOutTarget(opts.out) : undefined;
  const docs: DesignDocument[] = [];
  for (const [i, d] of designs.entries()) {
    if (!opts.quiet) process.stderr.write(`design ${i + 1} of ${designs.length}: ${d.id}\n`);
    docs.push(await review(d, scale, opts, signal));
  }
  const text =
    format === 'json'
      ? compareJson(docs)
      : format === 'md'
        ? formatCompareMarkdown(docs)
        : format === 'html'
          ? renderHtml({ title: `Design reviews — ${ids.join(', ')}`, blocks: compareBlocks(docs, designs), about: reportAbout(commandLine(['design', 'compare', ...ids], opts)) })
          : formatCompareText(docs);
  await deliver(text, target, `design-compare.${format === 'json' ? 'json' : format === 'text' ? 'txt' : format}`);
}

/** Every review one after the other, each under its own heading (the side-by-side table is the md and text forms'). */
function compareBlocks(docs: DesignDocument[], designs: Design[]): Block[] {
  return docs.flatMap((doc, i) => designBlocks(doc, designScenario(designs[i])).map((b) => (b.kind === 'heading' ? { ...b, level: Math.min(4, (b.level ?? 2) + 1) } : b)));
}

/** The review as a command someone can paste to repeat it (the HTML page's closing section). */
function commandLine(head: string[], opts: DesignOpts): string {
  const parts = [...head, ...opts.set.flatMap((kv) => ['--set', kv])];
  if (opts.scale !== undefined) parts.push('--scale', opts.scale);
  if (opts.seed !== undefined) parts.push('--seed', opts.seed);
  return `${parts.join(' ')} --format html`;
}
