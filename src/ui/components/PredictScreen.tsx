/** Before the run: up, down or about the same for each headline metric, one key each. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { formatNumber } from '../../scenario/format/numbers.js';
import { arrowFor, type PredictionQuestion } from '../state/predictions.js';
import type { Direction } from '../state/types.js';
import type { RunResult } from '../../scenario/types.js';

export interface PredictScreenProps {
  questions: PredictionQuestion[];
  cursor: number;
  answers: Record<string, Direction>;
  baseline: RunResult;
  changed: string[];
  width: number;
  height: number;
}

export function PredictScreen({ questions, cursor, answers, baseline, changed, width, height }: PredictScreenProps) {
  // a blank line between questions only when they all fit with it (five headline metrics at 80×24 do not)
  const roomy = 5 + questions.length * 3 <= height;
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Predict, then observe</Text>
      <Text wrap="wrap" color={theme.text.secondary}>
        Compared with your previous run ({Object.entries(baseline.params).map(([k, v]) => `${k}=${v}`).join(' ') || 'default knobs'}, scale {baseline.scale}),
        {changed.length ? ` you changed ${changed.join(', ')}.` : ' you changed nothing.'} What will the measurement do?
      </Text>
      {roomy && <Text> </Text>}
      {questions.map((q, i) => {
        const answer = answers[q.metric];
        const current = i === cursor;
        return (
          <Box key={q.metric} flexDirection="column" marginBottom={roomy ? 1 : 0}>
            <Text wrap="truncate-end" bold={current} color={current ? theme.ui.selected : undefined}>
              {current ? '› ' : '  '}{q.metric}  <Text color={theme.text.secondary} bold={false}>was {formatNumber(baseline.metrics[q.metric])}</Text>
              {'  '}{answer ? `→ you said ${arrowFor[answer]} ${answer}` : current ? '→ ?' : ''}
            </Text>
            <Text wrap="wrap" color={theme.text.secondary}>    {q.question}</Text>
          </Box>
        );
      })}
      <Text color={theme.ui.key}>u up · d down · s about the same · Tab skip · Enter run now</Text>
    </Box>
  );
}
