// Anchor for the installed TUI's first frame: the smallest ink app in plain JavaScript (node + ink + react, no tsx).
import { createElement } from 'react';
import { render, Text, useApp, useInput } from 'ink';

function Hello() {
  const { exit } = useApp();
  useInput((input) => { if (input === 'q') exit(); });
  return createElement(Text, null, 'hello from ink');
}

render(createElement(Hello));
