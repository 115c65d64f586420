/** The screen's key hints (from the keymap) and the latest status message. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

export interface FooterProps {
  hints: string[];
  message?: { kind: 'info' | 'error'; text: string };
}

export function Footer({ hints, message }: FooterProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      {/* errors wrap (a refused run says which knob to turn); the screen above gives up the lines */}
      <Text wrap={message?.kind === 'error' ? 'wrap' : 'truncate-end'} color={message?.kind === 'error' ? theme.status.error : theme.status.info}>
        {message ? (message.kind === 'error' ? '✗ ' : '• ') + message.text : ' '}
      </Text>
      <Text wrap="truncate-end" color={theme.text.secondary}>{hints.join(' · ')}</Text>
    </Box>
  );
}
