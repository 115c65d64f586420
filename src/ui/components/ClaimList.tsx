/** The scenario's claims as judged on this run: ✓ holds, ✗ fails, ? inconclusive (or could not be evaluated); checks apart. */
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
      {[...claims].sort((a, b) => Number(a.kind === 'check') - Number(b.kind === 'check')).map((c, i) => {
        const mark = c.error || c.verdict === 'inconclusive' ? '?' : c.verdict === 'holds' ? '✓' : '✗';
        const colour = mark === '?' ? theme.status.warning : mark === '✓' ? theme.status.success : theme.status.error;
        const observed = Object.entries(c.observed).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ');
        const word = c.verdict === 'holds' ? 'holds' : c.verdict === 'fails' ? 'fails' : 'inconclusive';
        const basis = (c.of !== undefined ? `holds in ${c.holdsIn} of ${c.of} seeds` : c.replicates > 1 ? `true on ${Math.round(c.share * 100)}% of ${c.replicates} resamples` : 'exact') + (c.note ? `; ${c.note}` : '');
        return (
          <Box key={i} flexDirection="column">
            <Text wrap="wrap"><Text color={colour} bold>{mark} </Text>{c.kind === 'check' ? '(check) ' : ''}{c.text}</Text>
            <Text wrap="wrap" color={theme.text.secondary}>
              {'  '}{c.error ? `could not evaluate ${c.expr}: ${c.error}` : `${word} here (${basis}): ${observed || c.expr}`}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
