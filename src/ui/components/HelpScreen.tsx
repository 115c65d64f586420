/** Every key, drawn from the keymap (the same data the input handling uses), grouped by screen. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { keymap, screenCommands, type ScreenName } from '../keymap.js';

const SCREEN_TITLES: Record<Exclude<ScreenName, 'help'>, string> = {
  home: 'Home', scenario: 'Scenario', predict: 'Predict', running: 'Running', results: 'Results', compare: 'Compare', lesson: 'Lesson',
};

export function HelpScreen({ width, wide }: { width: number; wide: boolean }) {
  const theme = useTheme();
  const screens = Object.keys(SCREEN_TITLES) as Exclude<ScreenName, 'help'>[];
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Keys (? or Esc closes)</Text>
      <Text color={theme.text.secondary} wrap="wrap">
        Pick a scenario, turn its knobs, predict what the measurement will do, run it, and read the claims it checks.
      </Text>
      <Box flexDirection={wide ? 'row' : 'column'} flexWrap="wrap" marginTop={1}>
        {screens.map((s) => (
          <Box key={s} flexDirection="column" width={wide ? Math.floor(width / 2) - 1 : width} marginBottom={wide ? 0 : 0}>
            <Text bold color={theme.ui.heading}>{SCREEN_TITLES[s]}</Text>
            <Text wrap="wrap">
              {screenCommands[s].filter((c) => c !== 'help' && c !== 'quit').map((c) => (
                <Text key={c}><Text color={theme.ui.key}>{keymap[c].label}</Text> {keymap[c].description}; </Text>
              ))}
            </Text>
          </Box>
        ))}
      </Box>
      <Text> </Text>
      <Text><Text color={theme.ui.key}>?</Text> help anywhere · <Text color={theme.ui.key}>q</Text> quits (outside text fields and runs)</Text>
    </Box>
  );
}
