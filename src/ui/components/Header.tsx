/** One line: the product, where you are, the scale and seed(s) runs use. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

export interface HeaderProps {
  title: string;
  scale: string;
  seed: number;
  /** shown when runs take more than one seed */
  seeds?: number;
}

export function Header({ title, scale, seed, seeds = 1 }: HeaderProps) {
  const theme = useTheme();
  return (
    <Box justifyContent="space-between">
      <Text wrap="truncate-end">
        <Text bold color={theme.ui.heading}>recsys-lab</Text>
        <Text color={theme.text.secondary}> · </Text>
        <Text bold>{title}</Text>
      </Text>
      <Text color={theme.text.secondary}>scale {scale} · seed {seed}{seeds > 1 ? ` · ${seeds} seeds` : ''}</Text>
    </Box>
  );
}
