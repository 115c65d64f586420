/** A fixed-width bar with the percentage; the filled part is drawn in characters, so it reads without colour. */
import { Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

export function ProgressBar({ fraction, width }: { fraction: number; width: number }) {
  const theme = useTheme();
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(f * width);
  return (
    <Text>
      <Text color={theme.ui.bar}>{'█'.repeat(filled)}</Text>
      <Text color={theme.ui.barEmpty}>{'░'.repeat(width - filled)}</Text>
      <Text> {String(Math.round(f * 100)).padStart(3)}%</Text>
    </Text>
  );
}
