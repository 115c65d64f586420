/** Design reviews, then scenarios grouped by interview topic, each with its question; typing filters. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { groupByTopic } from '../state/selectors.js';
import type { Scenario } from '../../scenario/types.js';

export interface HomeScreenProps {
  scenarios: Scenario[];
  cursor: number;
  filter: string;
  filtering: boolean;
  width: number;
  height: number;
  loading: boolean;
  loadError?: string;
  runCounts: Record<string, number>;
}

type Row = { kind: 'topic'; label: string } | { kind: 'scenario'; scenario: Scenario; index: number };

function rowsOf(scenarios: Scenario[]): Row[] {
  let index = 0;
  return groupByTopic(scenarios).flatMap((g) => [
    { kind: 'topic' as const, label: g.label },
    ...g.scenarios.map((scenario) => ({ kind: 'scenario' as const, scenario, index: index++ })),
  ]);
}

/** The slice of rows to draw so the cursor stays on screen. */
export function windowOf<T>(rows: T[], focus: number, height: number): { start: number; rows: T[] } {
  const start = Math.max(0, Math.min(focus - Math.floor(height / 2), rows.length - height));
  return { start, rows: rows.slice(start, start + height) };
}

export function HomeScreen(props: HomeScreenProps) {
  const theme = useTheme();
  const { scenarios, cursor, width, height } = props;
  if (props.loadError) return <Text color={theme.status.error}>Could not load the scenarios: {props.loadError}</Text>;
  if (props.loading) return <Text color={theme.text.secondary}>Loading scenarios…</Text>;
  const selected = scenarios[cursor];
  const detailHeight = 7;
  const listHeight = Math.max(3, height - 2 - detailHeight);
  const rows = rowsOf(scenarios);
  const focus = rows.findIndex((r) => r.kind === 'scenario' && r.index === cursor);
  const view = windowOf(rows, Math.max(0, focus), listHeight);
  return (
    <Box flexDirection="column" width={width}>
      <Text color={props.filtering ? theme.text.accent : theme.text.secondary}>
        {props.filtering || props.filter ? `Filter: ${props.filter}${props.filtering ? '▏' : ''}  (${scenarios.length} match)` : 'Type to filter · Enter opens a scenario'}
      </Text>
      <Box flexDirection="column" height={listHeight + 1} marginTop={1}>
        {scenarios.length === 0 && <Text color={theme.status.warning}>No scenario matches “{props.filter}”. Esc clears the filter.</Text>}
        {view.rows.map((row, i) => (row.kind === 'topic'
          ? <Text key={`t${view.start + i}`} bold color={theme.ui.heading}>{row.label}</Text>
          : <ScenarioRow key={row.scenario.id} scenario={row.scenario} selected={row.index === cursor} runs={props.runCounts[row.scenario.id] ?? 0} />))}
      </Box>
      {selected && <Detail scenario={selected} width={width} />}
    </Box>
  );
}

function ScenarioRow({ scenario, selected, runs }: { scenario: Scenario; selected: boolean; runs: number }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end" color={selected ? theme.ui.selected : undefined} bold={selected}>
      {selected ? '› ' : '  '}{scenario.title}
      <Text color={theme.text.secondary} bold={false}>{runs > 0 ? `  (${runs} run${runs > 1 ? 's' : ''})` : ''}  — {scenario.question}</Text>
    </Text>
  );
}

/** At most `n` characters, ending in … when cut (keeps the detail box at three lines of question). */
function clip(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1).replace(/\s+\S*$/, '')}…`;
}

function Detail({ scenario, width }: { scenario: Scenario; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={theme.ui.border} paddingX={1} overflowY="hidden">
      <Text wrap="truncate-end" color={theme.text.secondary}>{scenario.id} · guide: {scenario.section} · lesson: {scenario.lesson}</Text>
      <Text wrap="wrap">{clip(scenario.question, 3 * Math.max(20, width - 6))}</Text>
    </Box>
  );
}
