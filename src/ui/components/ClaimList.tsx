/**
 * One claims block of the shared report (findings, or checks apart): ✓ holds, ✗ fails, ? inconclusive, each with
 * how it was judged (the share of resamples, or "holds in k of N seeds") and the values it read, with intervals.
 */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import type { ClaimItem } from '../../scenario/format/report.js';

const MARK = { holds: '✓', fails: '✗', inconclusive: '?' } as const;

export function ClaimList({ title, items }: { title: string; items: ClaimItem[] }) {
  const theme = useTheme();
  if (items.length === 0) return null;
  const colour = { holds: theme.status.success, fails: theme.status.error, inconclusive: theme.status.warning } as const;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text bold color={theme.ui.heading}>{title}</Text>
      {items.map((c, i) => (
        <Box key={i} flexDirection="column">
          <Text wrap="wrap"><Text color={colour[c.verdict]} bold>{MARK[c.verdict]} </Text>{c.text}</Text>
          <Text wrap="wrap" color={theme.text.secondary}>
            {'  '}{c.error ? `could not evaluate: ${c.error}` : `${c.verdict} here (${c.basis}): ${c.observed || '–'}`}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
