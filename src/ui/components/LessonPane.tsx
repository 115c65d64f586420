/** The scenario's lesson rendered for the terminal (shared renderer with `recsys-lab lesson`), scrollable. */
import { Box, Text } from 'ink';
import { useEffect, useMemo } from 'react';
import { useTheme } from '../hooks/use-theme.js';
import { renderMarkdown } from '../../scenario/format/terminal-markdown.js';

export interface LessonPaneProps {
  id: string;
  markdown?: string;
  error?: string;
  scroll: number;
  width: number;
  height: number;
  /** told the largest useful scroll offset, so "go to bottom" can be clamped */
  onMeasure?: (maxOffset: number) => void;
}

export function LessonPane({ id, markdown, error, scroll, width, height, onMeasure }: LessonPaneProps) {
  const theme = useTheme();
  const lines = useMemo(
    () => (markdown === undefined ? [] : renderMarkdown(markdown, { width: Math.max(10, width - 2), color: theme.color })),
    [markdown, width, theme.color],
  );
  const view = height - 1;
  useEffect(() => {
    if (markdown !== undefined) onMeasure?.(Math.max(0, lines.length - view));
  });
  if (error) return <Text color={theme.status.error} wrap="wrap">Lesson {id}: {error}</Text>;
  if (markdown === undefined) return <Text color={theme.text.secondary}>Loading lesson {id}…</Text>;
  const top = Math.min(scroll, Math.max(0, lines.length - view));
  return (
    <Box flexDirection="column" width={width}>
      <Box flexDirection="column" height={view} overflow="hidden">
        {lines.slice(top, top + view).map((l, i) => <Text key={top + i} wrap="truncate-end">{l || ' '}</Text>)}
      </Box>
      <Text color={theme.text.secondary}>
        ── lessons/{id}.md · lines {lines.length ? top + 1 : 0}–{Math.min(lines.length, top + view)} of {lines.length} · j/k PgUp/PgDn scroll ──
      </Text>
    </Box>
  );
}
