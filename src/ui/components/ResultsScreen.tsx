/**
 * The run's result: predictions scored, the busy-machine warning, the claims (✓ holds / ✗ fails / ? inconclusive,
 * findings then checks), then the shared report (metrics with intervals, latency with n, charts, tables, notes).
 */
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { PredictionScore } from './PredictionScore.js';
import { ReportBlock } from './ReportBlock.js';
import { Scroll } from './Scroll.js';
import { buildReport } from '../../scenario/format/report.js';
import { scorecardBlocks } from '../../scenario/design-report.js';
import { isDesignReview } from '../state/selectors.js';
import { scorePredictions } from '../state/predictions.js';
import type { RunState } from '../state/types.js';
import type { RunResult, Scenario } from '../../scenario/types.js';

export interface ResultsScreenProps {
  scenario: Scenario;
  result: RunResult;
  /** a design review's scorecard is set against this run of the reference design, when there is one */
  reference?: RunResult;
  run?: RunState;
  scroll: number;
  width: number;
  height: number;
  onMeasure?: (max: number) => void;
}

export function ResultsScreen({ scenario, result, reference, run, scroll, width, height, onMeasure }: ResultsScreenProps) {
  const theme = useTheme();
  // the first three blocks (title, question, params line) are drawn here in a denser header
  const blocks = useMemo(() => buildReport(result, scenario, Math.max(40, width - 2)).slice(3), [result, scenario, width]);
  // what qualifies the verdicts comes first: the machine was busy, then the verdicts, then the numbers behind them
  const warnings = blocks.filter((b) => b.kind === 'warning');
  const claims = blocks.filter((b) => b.kind === 'claims');
  // a design review's scorecard sits under its verdicts, before the full report
  const card = useMemo(() => (isDesignReview(scenario) ? scorecardBlocks(result, reference) : []), [result, scenario, reference]);
  const rest = [...card, ...blocks.filter((b) => b.kind !== 'warning' && b.kind !== 'claims')];
  const scored = run?.result === result ? scorePredictions(scenario, run.predictions, run.baseline, result) : [];
  const params = Object.entries(result.params).map(([k, v]) => `${k}=${v}`).join(' ');
  return (
    <Scroll offset={scroll} height={height} width={width} onMeasure={onMeasure}>
      <Text bold wrap="truncate-end">{scenario.title}</Text>
      <Box marginBottom={1}>
        <Text wrap="wrap" color={theme.text.secondary}>scale {result.scale} · {result.seeds ? `${result.seeds.seeds.length} seeds (${result.seeds.seeds.join(', ')})` : `seed ${result.seed}`} · {params || 'no knobs'} · {(result.durationMs / 1000).toFixed(1)} s</Text>
      </Box>
      <PredictionScore scored={scored} />
      {warnings.map((b, i) => <ReportBlock key={`w${i}`} block={b} />)}
      {claims.map((b, i) => <ReportBlock key={`c${i}`} block={b} />)}
      {rest.map((b, i) => <ReportBlock key={i} block={b} />)}
    </Scroll>
  );
}
