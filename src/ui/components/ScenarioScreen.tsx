/** The question, every knob of the scenario, the scale and the seed count, and what Enter will do. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { KnobRow, MAX_EDIT_WIDTH } from './KnobRow.js';
import { formatNumber } from '../../scenario/format/numbers.js';
import { SCALES } from '../../data/world-types.js';
import type { RunResult, Scale, Scenario } from '../../scenario/types.js';
import { SEEDS_SPEC } from '../state/knobs.js';
import type { KnobState } from '../state/types.js';

export interface ScenarioScreenProps {
  scenario: Scenario;
  knobs: KnobState;
  scale: Scale;
  /** the run's seed count (the row under the scale) */
  seeds: number;
  history: RunResult[];
  width: number;
  height: number;
}

/** Lines the full layout needs; below it the spacer and hint lines go (the knobs always stay). */
export function scenarioLines(scenario: Scenario, width: number, hasError: boolean): number {
  const question = Math.ceil(scenario.question.length / Math.max(20, width - 2)) + 1; // +1: word-wrap slack
  return 1 + question + 1 + 1 + Math.max(1, scenario.params.length) + (hasError ? 2 : 0) + 1 + 1 + 1 + 1 + (scenario.sweep ? 1 : 0) + 1 + 1;
}

export function ScenarioScreen({ scenario, knobs, scale, seeds, history, width, height }: ScenarioScreenProps) {
  const theme = useTheme();
  const nameWidth = Math.max(5, ...scenario.params.map((p) => p.name.length));
  // text being typed widens the column up to a point, then scrolls inside it (KnobRow), so a pasted page keeps the other knobs on screen
  const valueWidth = Math.max(5, ...scenario.params.map((p) => formatNumber(knobs.values[p.name]).length), Math.min(MAX_EDIT_WIDTH, (knobs.edit?.length ?? 0) + 1));
  const unitWidth = Math.max(0, ...scenario.params.map((p) => (p.unit ?? '').length));
  const onScale = knobs.cursor === scenario.params.length;
  const onSeeds = knobs.cursor === scenario.params.length + 1;
  const selectedSpec = onSeeds ? SEEDS_SPEC : scenario.params[knobs.cursor];
  const last = history[history.length - 1];
  const spare = height - scenarioLines(scenario, width, knobs.error !== undefined);
  const roomy = spare >= 0;
  // what the run will check, when there is room: the learner reads the claims before predicting
  const showClaims = scenario.claims.length > 0 && spare >= scenario.claims.length + 2;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">{scenario.title}</Text>
      <Text wrap="wrap" color={theme.text.accent}>{scenario.question}</Text>
      {roomy && <Text> </Text>}
      <Text color={theme.text.secondary}>Knobs (←/→ step · type a number · 0 default)</Text>
      {scenario.params.length === 0 && <Text color={theme.text.secondary}>  (this scenario has no knobs)</Text>}
      {scenario.params.map((spec, i) => (
        <KnobRow
          key={spec.name}
          spec={spec}
          value={knobs.values[spec.name]}
          selected={knobs.cursor === i}
          changed={spec.name in knobs.touched}
          edit={knobs.cursor === i ? knobs.edit : undefined}
          error={knobs.error?.name === spec.name ? knobs.error.message : undefined}
          nameWidth={nameWidth}
          valueWidth={valueWidth}
          unitWidth={unitWidth}
          showDescription={width >= 110}
        />
      ))}
      <Text wrap="truncate-end">
        <Text color={onScale ? theme.ui.selected : undefined} bold={onScale}>{onScale ? '› ' : '  '}{'scale'.padEnd(nameWidth)}   </Text>
        {SCALES.map((s) => (
          <Text key={s} bold={s === scale} color={s === scale ? theme.text.accent : theme.text.secondary}>{s === scale ? `[${s}]` : ` ${s} `} </Text>
        ))}
      </Text>
      <KnobRow
        spec={SEEDS_SPEC}
        value={seeds}
        selected={onSeeds}
        changed={seeds !== SEEDS_SPEC.default}
        edit={onSeeds ? knobs.edit : undefined}
        error={knobs.error?.name === SEEDS_SPEC.name ? knobs.error.message : undefined}
        nameWidth={nameWidth}
        valueWidth={valueWidth}
        unitWidth={unitWidth}
        showDescription={width >= 110}
      />
      {roomy && <Text> </Text>}
      {selectedSpec && width < 110 && <Text wrap="truncate-end" color={theme.text.secondary}>{selectedSpec.name}: {selectedSpec.description}</Text>}
      {roomy && scenario.sweep && <Text wrap="truncate-end" color={theme.text.secondary}>Sweeps {scenario.sweep.param} over {scenario.sweep.values.join(', ')}.</Text>}
      <Text bold color={theme.status.success}>▶ Enter runs at scale {scale}{seeds > 1 ? ` under ${seeds} seeds` : ''}{history.length > 0 ? ' (you will be asked to predict first)' : ''}</Text>
      {last
        ? <Text wrap="truncate-end" color={theme.text.secondary}>Last run: {scenario.headline.map((m) => `${m} ${formatNumber(last.metrics[m])}`).join(' · ')} ({history.length} run{history.length > 1 ? 's' : ''}; c compares)</Text>
        : <Text color={theme.text.secondary}>No runs yet for this scenario.</Text>}
      {showClaims && (
        <Box flexDirection="column" marginTop={1}>
          <Text color={theme.text.secondary}>The run checks these claims:</Text>
          {scenario.claims.map((c, i) => <Text key={i} wrap="truncate-end">  • {c.text}</Text>)}
        </Box>
      )}
    </Box>
  );
}
