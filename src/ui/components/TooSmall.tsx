/** Shown instead of a broken layout when the terminal is below the minimum size. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

import { MIN_COLUMNS, MIN_ROWS } from '../state/reducer.js';

export function TooSmall({ columns, rows }: { columns: number; rows: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text color={theme.status.warning}>Terminal too small: {columns}×{rows}.</Text>
      <Text>recsys-lab needs at least {MIN_COLUMNS}×{MIN_ROWS}; enlarge the window (q quits).</Text>
    </Box>
  );
}
