import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { designScenario, findDesign, listDesigns } from '../../scenario/design.js';
import { designDocument, formatDesignMarkdown, formatDesignText } from '../../scenario/design-report.js';
import { parseSetArgs } from '../../scenario/params.js';
import { runScenario } from '../../scenario/runner.js';
import { parseScale, parseSeed } from '../options.js';
import { checkOutTarget, deliver, writeStdout } from '../out-file.js';
import { progressReporter, styler, terminalWidth, useColor } from '../output.js';

const FORMATS = ['text', 'md', 'json'] as const;
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
    .argument('[design]', 'a shipped design (reference, cheap-and-fast, quality-first) or a path to a design YAML; none lists the shipped designs')
    .description('review a whole design: build it on the world, score it on held-out engagements, serve it open loop at its target QPS')
    .option('-s, --set <key=value>', 'change one choice for this run (repeatable), e.g. --set candidates=200', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--scale <scale>', "tiny (seconds) | small | full; default: the design's requirements.scale")
    .option('--seed <n>', 'seed for every random draw (same seed + design ⇒ same quality figures)')
    .option('-f, --format <format>', 'text | md (the debrief) | json (schema recsys-lab/design@1, the run@2 document under run)', 'text')
    .option('-o, --out <file>', 'write the output to a file (atomically) instead of stdout')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nA design file (scenarios/designs/*.yaml) states the requirements (scale, qps, budgetMs, memoryBudgetMb,\nminRecallAt100, minNdcgAt10) and the choices of every stage (retrieval, index, ranking, reranker, rules, caches,\nserving, review). The requirements become claims, judged on bootstrap resamples like a scenario\'s: ✓ holds, ✗ fails,\n? inconclusive.\n\nExamples:\n  recsys-lab design\n  recsys-lab design reference --scale tiny\n  recsys-lab design scenarios/designs/cheap-and-fast.yaml --scale tiny --format md --out debrief.md\n  recsys-lab design my-design.yaml --format json | jq .scorecard',
    )
    .action(async (id: string | undefined, opts: DesignOpts) => {
      const format = opts.format as Format;
      if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${opts.format}"`);
      if (id === undefined) {
        const lines = listDesigns().map((d) => `${d.id.padEnd(16)} ${d.title}`);
        await writeStdout(`${lines.join('\n')}\n\nReview one with: recsys-lab design <id> --scale tiny\n`);
        return;
      }
      const design = findDesign(id);
      const scale = opts.scale === undefined ? design.scale : parseScale(opts.scale);
      const seed = parseSeed(opts.seed);
      const scenario = designScenario(design);
      const params = parseSetArgs(opts.set);
      const target = opts.out ? checkOutTarget(opts.out) : undefined;
      const progress = progressReporter(Boolean(opts.quiet));
      let result;
      try {
        result = await runScenario(scenario, { params, scale, seed, signal: signal(), onEvent: progress.onEvent });
      } finally {
        progress.done();
      }
      const doc = designDocument(design, result);
      const color = !opts.out && useColor();
      const text =
        format === 'json'
          ? JSON.stringify(doc, null, 2) + '\n'
          : format === 'md'
            ? formatDesignMarkdown(doc, scenario)
            : formatDesignText(doc, scenario, { width: terminalWidth(), style: styler(color) });
      await deliver(text, target, `design-${design.id}.${format === 'md' ? 'md' : format === 'json' ? 'json' : 'txt'}`);
    });
}
