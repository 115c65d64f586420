/**
 * Every key, drawn from the keymap (the same data the input handling uses): one entry per command,
 * in two columns so the whole list fits the minimum 80×24 terminal (the intro stays within three lines for that).
 */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { keymap, type Command } from '../keymap.js';
import { DEFAULT_DRILL_MINUTES } from '../../scenario/drill/index.js';

export function HelpScreen({ width }: { width: number }) {
  const theme = useTheme();
  const commands = Object.keys(keymap) as Command[];
  const half = Math.ceil(commands.length / 2);
  const colWidth = Math.floor(width / 2);
  const labelWidth = Math.max(...commands.map((c) => keymap[c].label.length)) + 1;
  const column = (list: Command[]) => (
    <Box flexDirection="column" width={colWidth}>
      {list.map((c) => (
        <Text key={c} wrap="truncate-end">
          <Text color={theme.ui.key} bold>{keymap[c].label.padEnd(labelWidth)}</Text>{keymap[c].description}
        </Text>
      ))}
    </Box>
  );
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Keys (? or Esc closes)</Text>
      <Text wrap="wrap" color={theme.text.secondary}>
        Pick a scenario, turn its knobs, predict, run, read the claims. Typing filters home or sets a number knob. A
        drill is timed (pick {DEFAULT_DRILL_MINUTES.pick} min, write {DEFAULT_DRILL_MINUTES.write}); q or Esc/b over an answer in progress asks first, Ctrl-C
        never does.
      </Text>
      <Box marginTop={1}>
        {column(commands.slice(0, half))}
        {column(commands.slice(half))}
      </Box>
    </Box>
  );
}
