/** A workshop as report blocks, for the HTML report (`workshop --format html`): one section per step. */
import { buildReport, type Block } from './format/report.js';
import { renderHtml } from './format/html.js';
import type { WorkshopPlan, WorkshopStepResult } from './workshop.js';

/** The plan's title and description, then each step: its heading, the discussion prompt, and the run's report. */
export function workshopBlocks(plan: WorkshopPlan, steps: WorkshopStepResult[]): Block[] {
  const blocks: Block[] = [{ kind: 'heading', text: plan.title, level: 1 }];
  if (plan.description) blocks.push({ kind: 'paragraph', text: plan.description.trim() });
  const first = steps[0]?.result;
  if (first) blocks.push({ kind: 'paragraph', text: `Measured on this machine: Node ${first.environment.node}, ${first.environment.cpus} CPUs, scale ${first.scale}, seed ${first.seed}.` });
  steps.forEach((s, i) => {
    blocks.push({ kind: 'heading', text: `${i + 1}. ${s.title ?? s.scenario.title}`, level: 2 });
    if (s.discuss) blocks.push({ kind: 'paragraph', text: s.discuss.trim(), callout: 'Discuss before the numbers' });
    for (const b of buildReport(s.result, s.scenario)) blocks.push(b.kind === 'heading' ? { ...b, level: (b.level ?? 2) + 2 } : b);
  });
  return blocks;
}

/** The workshop as one self-contained HTML page; `about` names the commit and machine when known. */
export function workshopHtml(plan: WorkshopPlan, steps: WorkshopStepResult[], about?: [string, string][]): string {
  return renderHtml({ title: plan.title, blocks: workshopBlocks(plan, steps), about });
}
