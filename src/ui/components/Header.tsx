/** One line: the product, where you are, the scale and seed runs use. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

export interface HeaderProps {
  title: string;
  scale: string;
  seed: number;
}

export function Header({ title, scale, seed }: HeaderProps) {
  const theme = useTheme();
  return (
    <Box justifyContent="space-between">
      <Text wrap="truncate-end">
        <Text bold color={theme.ui.heading}>recsys-lab</Text>
        <Text color={theme.text.secondary}> · </Text>
        <Text bold>{title}</Text>
      </Text>
      <Text color={theme.text.secondary}>scale {scale} · seed {seed}</Text>
    </Box>
  );
}
