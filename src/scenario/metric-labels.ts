/**
 * Chart labels for metrics: scenarios/metrics.yaml maps a metric (or an x quantity) to words and a unit, once
 * for every scenario; a scenario's own `labels:` overrides an entry for its meaning. Exact names win over
 * patterns; a pattern has one `*`, and `{*}` in its label is what the `*` matched, underscores as spaces.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { parseYamlText } from './user-file.js';
import { METRIC_LABELS_FILE, scenariosDir } from './catalog.js';
import { metricLabelSpec } from './schema.js';
import type { MetricLabel, Scenario } from './types.js';

export interface MetricLabels {
  exact: Map<string, MetricLabel>;
  patterns: { re: RegExp; spec: MetricLabel }[];
}

/** Parse the labels file's text; `file` names it in errors. */
export function parseMetricLabels(text: string, file: string): MetricLabels {
  const raw = parseYamlText(text, file) ?? {};
  const parsed = z.record(z.string(), metricLabelSpec).safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new UsageError(`${file}: invalid metric labels (each entry is name: { label, unit? })\n  ${issues.join('\n  ')}`);
  }
  const out: MetricLabels = { exact: new Map(), patterns: [] };
  for (const [name, spec] of Object.entries(parsed.data)) {
    const stars = name.split('*').length - 1;
    if (stars === 0) out.exact.set(name, spec);
    else if (stars === 1) {
      const [pre, post] = name.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
      out.patterns.push({ re: new RegExp(`^${pre}(.+)${post}$`), spec });
    } else throw new UsageError(`${file}: ${name}: a pattern holds one * at most`);
  }
  return out;
}

let cached: MetricLabels | null = null;

/** scenarios/metrics.yaml, read once per process (an absent file labels nothing). */
export function metricLabels(): MetricLabels {
  if (cached) return cached;
  const path = join(scenariosDir, METRIC_LABELS_FILE);
  cached = existsSync(path) ? parseMetricLabels(readFileSync(path, 'utf8'), path) : { exact: new Map(), patterns: [] };
  return cached;
}

/** The label of `name` in this scenario, or null when neither the scenario nor metrics.yaml declares one. */
export function findMetricLabel(name: string, scenario?: Pick<Scenario, 'labels'>, labels: MetricLabels = metricLabels()): MetricLabel | null {
  const own = scenario?.labels?.[name];
  if (own) return own;
  const hit = labels.exact.get(name);
  if (hit) return hit;
  for (const p of labels.patterns) {
    const m = p.re.exec(name);
    if (m) return { ...p.spec, label: p.spec.label.replace('{*}', m[1].replace(/_/g, ' ')) };
  }
  return null;
}

/** A label for any charted name: declared, else the name itself (table columns are written in words already). */
export function metricLabel(name: string, scenario?: Pick<Scenario, 'labels'>): MetricLabel {
  return findMetricLabel(name, scenario) ?? { label: name };
}

/** "p99 latency (ms)" */
export function axisTitle(l: MetricLabel): string {
  return l.unit ? `${l.label} (${l.unit})` : l.label;
}

/** A snake_case key (needs a label) rather than words ("test AUC", "two-tower", "MF"). */
export function isMetricKey(name: string): boolean {
  return /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(name);
}

/** Every name a scenario's charts plot that is a metric key: x quantities, line metrics, latency fields, table keys. */
export function chartedKeys(scenario: Scenario): string[] {
  const names = new Set<string>();
  for (const c of scenario.show.charts) {
    if (c.x) names.add(c.x);
    for (const y of c.y) names.add(y);
  }
  return [...names].filter(isMetricKey);
}
