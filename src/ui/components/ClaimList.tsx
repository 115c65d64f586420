/** The scenario's claims as measured on this run: ✓ holds, ✗ does not, ? could not be evaluated. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { formatNumber } from '../../scenario/format/numbers.js';
import type { ClaimResult } from '../../scenario/types.js';

export function ClaimList({ claims }: { claims: ClaimResult[] }) {
  const theme = useTheme();
  if (claims.length === 0) return null;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text bold color={theme.ui.heading}>Claims</Text>
      {claims.map((c, i) => {
        const mark = c.error ? '?' : c.holds ? '✓' : '✗';
        const colour = c.error ? theme.status.warning : c.holds ? theme.status.success : theme.status.error;
        const observed = Object.entries(c.observed).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ');
        return (
          <Box key={i} flexDirection="column">
            <Text wrap="wrap"><Text color={colour} bold>{mark} </Text>{c.text}</Text>
            <Text wrap="wrap" color={theme.text.secondary}>
              {'  '}{c.error ? `could not evaluate ${c.expr}: ${c.error}` : `${c.holds ? 'holds' : 'does not hold'} here: ${observed || c.expr}`}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
