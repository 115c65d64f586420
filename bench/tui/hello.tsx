// Anchor for the TUI's first frame: the smallest ink app (node + tsx + ink + react, one line of text).
import { render, Text, useApp, useInput } from 'ink';

function Hello() {
  const { exit } = useApp();
  useInput((input) => { if (input === 'q') exit(); });
  return <Text>hello from ink</Text>;
}

render(<Hello />);
