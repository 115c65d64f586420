/** The run's result: predictions scored, claims ✓/✗, then the shared report (metrics, charts, tables, notes). */
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { ClaimList } from './ClaimList.js';
import { PredictionScore } from './PredictionScore.js';
import { ReportBlock } from './ReportBlock.js';
import { Scroll } from './Scroll.js';
import { buildReport } from '../../scenario/format/report.js';
import { scorePredictions } from '../state/predictions.js';
import type { RunState } from '../state/types.js';
import type { RunResult, Scenario } from '../../scenario/types.js';

export interface ResultsScreenProps {
  scenario: Scenario;
  result: RunResult;
  run?: RunState;
  scroll: number;
  width: number;
  height: number;
  onMeasure?: (max: number) => void;
}

export function ResultsScreen({ scenario, result, run, scroll, width, height, onMeasure }: ResultsScreenProps) {
  const theme = useTheme();
  // the first three blocks (title, question, params line) are drawn here in a denser header
  const blocks = useMemo(() => buildReport(result, scenario, Math.max(40, width - 2)).slice(3), [result, scenario, width]);
  const scored = run?.result === result ? scorePredictions(scenario, run.predictions, run.baseline, result) : [];
  const params = Object.entries(result.params).map(([k, v]) => `${k}=${v}`).join(' ');
  return (
    <Scroll offset={scroll} height={height} width={width} onMeasure={onMeasure}>
      <Text bold wrap="truncate-end">{scenario.title}</Text>
      <Box marginBottom={1}>
        <Text wrap="wrap" color={theme.text.secondary}>scale {result.scale} · seed {result.seed} · {params || 'no knobs'} · {(result.durationMs / 1000).toFixed(1)} s</Text>
      </Box>
      <PredictionScore scored={scored} />
      <ClaimList claims={result.claims} />
      {blocks.map((b, i) => <ReportBlock key={i} block={b} />)}
    </Scroll>
  );
}
