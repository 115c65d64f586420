/**
 * The drill's measured numbers as plain text. Apart from measure.ts (which runs the scenarios) so a screen
 * can format them without loading the runner.
 */
import type { ClaimResult, Scale } from '../types.js';

export interface MeasuredScenario {
  scenario: string;
  title: string;
  scale: Scale;
  headline: { metric: string; value: number | undefined }[];
  claims: ClaimResult[];
  durationMs: number;
}

function fmt(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(1) : a >= 1 ? v.toFixed(3) : v.toPrecision(3);
}

/** Plain-text lines for a terminal or a report: headline metrics, then each claim with held / did not hold. */
export function formatMeasured(measured: MeasuredScenario[]): string[] {
  const lines: string[] = [];
  for (const m of measured) {
    lines.push(`${m.scenario} — ${m.title} (scale ${m.scale}, ${(m.durationMs / 1000).toFixed(1)} s)`);
    const width = Math.max(...m.headline.map((h) => h.metric.length), 0);
    for (const h of m.headline) lines.push(`  ${h.metric.padEnd(width)}  ${fmt(h.value)}`);
    for (const c of m.claims) {
      const verdict = c.error ? '? could not evaluate' : c.verdict === 'holds' ? '✓ holds' : c.verdict === 'fails' ? '✗ fails' : '? inconclusive';
      const observed = Object.entries(c.observed).map(([k, v]) => `${k} = ${typeof v === 'number' ? fmt(v) : String(v)}`).join(', ');
      lines.push(`  ${verdict.padEnd(16)} ${c.text}${observed ? ` (${observed})` : ''}`);
    }
  }
  return lines;
}
