/** After the run: each prediction against the measured direction, with the scenario's explanation. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { formatNumber } from '../../scenario/format/numbers.js';
import { arrowFor, type ScoredPrediction } from '../state/predictions.js';

export function PredictionScore({ scored }: { scored: ScoredPrediction[] }) {
  const theme = useTheme();
  const answered = scored.filter((p) => p.predicted !== undefined && p.correct !== undefined);
  if (scored.every((p) => p.observed === undefined)) return null;
  const right = answered.filter((p) => p.correct).length;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text bold color={theme.ui.heading}>
        Your predictions{answered.length ? `: ${right} of ${answered.length} right` : ' (none made)'}
      </Text>
      {scored.filter((p) => p.observed !== undefined).map((p) => (
        <Box key={p.metric} flexDirection="column">
          <Text wrap="wrap">
            <Text bold color={p.correct === undefined ? undefined : p.correct ? theme.status.success : theme.status.error}>
              {p.correct === undefined ? '·' : p.correct ? '✓' : '✗'}{' '}
            </Text>
            {p.metric}: {formatNumber(p.before)} → {formatNumber(p.after)} measured {arrowFor[p.observed!]} {p.observed}
            {p.predicted ? `, you said ${arrowFor[p.predicted]} ${p.predicted}` : ''}
          </Text>
          {p.explanation && <Text wrap="wrap" color={theme.text.secondary}>  {p.explanation}</Text>}
        </Box>
      ))}
    </Box>
  );
}
