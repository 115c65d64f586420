/** The runs of a scenario, newest first, and the selected run beside the one before it: knobs and metrics with deltas. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { windowOf } from './HomeScreen.js';
import { formatNumber } from '../../scenario/format/numbers.js';
import { arrowFor, observedDirection, toleranceFor } from '../state/predictions.js';
import type { ParamValue, RunResult, Scenario } from '../../scenario/types.js';

export interface CompareScreenProps {
  scenario: Scenario;
  history: RunResult[];
  cursor: number;
  /** oldest-first index of the run marked as the baseline; without one, each run is compared with the one before */
  baseline?: number;
  width: number;
  height: number;
}

export interface CompareRow {
  name: string;
  kind: 'knob' | 'metric';
  before?: ParamValue;
  after?: ParamValue;
  delta?: string;
  arrow: string;
  /** the value differs between the two runs */
  changed: boolean;
}

function signed(n: number): string {
  return (n > 0 ? '+' : n < 0 ? '−' : '±') + formatNumber(Math.abs(n));
}

/** Rows of the side-by-side view: knobs, then metrics (headline first). Pure; exported for tests. */
export function compareRows(scenario: Scenario, before: RunResult | undefined, after: RunResult): CompareRow[] {
  const knobs = [...new Set([...Object.keys(after.params), ...Object.keys(before?.params ?? {})])];
  const names = [...new Set([...scenario.headline, ...Object.keys(after.metrics).sort(), ...Object.keys(before?.metrics ?? {}).sort()])]
    .filter((m) => m in after.metrics || (before && m in before.metrics));
  const row = (name: string, kind: CompareRow['kind'], b: ParamValue | undefined, a: ParamValue | undefined): CompareRow => {
    if (typeof a === 'number' && typeof b === 'number') {
      const dir = observedDirection(b, a, kind === 'metric' ? toleranceFor(name) : 0);
      const rel = b !== 0 ? ` (${signed(((a - b) / Math.abs(b)) * 100).replace(/(\.\d)\d+/, '$1')}%)` : '';
      return { name, kind, before: b, after: a, delta: a === b ? '' : signed(a - b) + rel, arrow: a === b ? '' : arrowFor[dir], changed: a !== b };
    }
    const changed = String(a) !== String(b);
    return { name, kind, before: b, after: a, arrow: b !== undefined && changed ? '≠' : '', changed };
  };
  return [
    ...knobs.map((k) => row(k, 'knob', before?.params[k], after.params[k])),
    row('scale', 'knob', before?.scale, after.scale),
    ...names.map((m) => row(m, 'metric', before?.metrics[m], after.metrics[m])),
  ];
}

export function CompareScreen({ scenario, history, cursor, baseline, width, height }: CompareScreenProps) {
  const theme = useTheme();
  if (history.length === 0) {
    return <Text color={theme.text.secondary}>No runs of {scenario.id} yet: run it (Enter on the scenario) and come back.</Text>;
  }
  const newestFirst = [...history].reverse();
  const index = history.length - 1 - cursor; // position in oldest-first history
  const after = history[index];
  const beforeIndex = baseline !== undefined && baseline !== index && baseline < history.length ? baseline : index - 1;
  const before = beforeIndex >= 0 ? history[beforeIndex] : undefined;
  const listHeight = Math.min(6, newestFirst.length);
  const view = windowOf(newestFirst, cursor, listHeight);
  const all = compareRows(scenario, before, after);
  // knobs that did not change between the two runs fold into one line; what moved gets the rows
  const unchanged = before ? all.filter((r) => r.kind === 'knob' && !r.changed) : [];
  const shown = all.filter((r) => !unchanged.includes(r));
  const room = Math.max(3, height - listHeight - 7 - (unchanged.length ? 1 : 0));
  const rows = shown.slice(0, shown.length > room ? room - 1 : room);
  const hidden = shown.length - rows.length;
  const nameW = Math.min(28, Math.max(6, ...rows.map((r) => r.name.length)));
  const colW = Math.max(10, Math.min(16, Math.floor((width - nameW - 8) / 3)));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">Runs of {scenario.title} ({history.length}, newest first)</Text>
      <Text color={theme.text.secondary} wrap="truncate-end">
        {baseline !== undefined ? `◆ #${baseline + 1} is the baseline (m on it again clears)` : 'each run against the one before it; m marks a baseline'}
      </Text>
      {view.rows.map((r, i) => {
        const n = history.length - (view.start + i);
        const selected = view.start + i === cursor;
        return (
          <Text key={n} wrap="truncate-end" color={selected ? theme.ui.selected : undefined} bold={selected}>
            {selected ? '› ' : '  '}{n - 1 === baseline ? '◆ ' : ''}#{n} {r.scale} {Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ')}
            <Text color={theme.text.secondary} bold={false}> · {scenario.headline.map((m) => `${m} ${formatNumber(r.metrics[m])}`).join(' · ')}</Text>
          </Text>
        );
      })}
      <Text> </Text>
      <Text bold wrap="truncate-end">
        {''.padEnd(nameW + 2)}{(before ? `#${beforeIndex + 1}` : '(first run)').padStart(colW)}{`#${index + 1}`.padStart(colW)}  {'Δ'.padEnd(colW)}
      </Text>
      {unchanged.length > 0 && (
        <Text wrap="truncate-end" color={theme.text.secondary}>same knobs: {unchanged.map((r) => `${r.name}=${r.after}`).join(' ')}</Text>
      )}
      {rows.map((r) => (
        <Text key={`${r.kind}-${r.name}`} wrap="truncate-end">
          <Text color={r.kind === 'knob' ? theme.text.accent : undefined}>{r.name.slice(0, nameW).padEnd(nameW)}  </Text>
          <Text color={theme.text.secondary}>{formatNumber(r.before).padStart(colW)}</Text>
          <Text bold>{formatNumber(r.after).padStart(colW)}</Text>
          <Text>  {r.arrow ? `${r.arrow} ` : '  '}{r.delta ?? ''}</Text>
        </Text>
      ))}
      {hidden > 0 && <Text color={theme.text.secondary}>… {hidden} more metric{hidden > 1 ? 's' : ''} (a taller terminal shows them; e exports the run)</Text>}
    </Box>
  );
}
