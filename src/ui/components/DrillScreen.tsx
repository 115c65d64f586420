/** The pick-mode interview drill: the lesson's question, a timer, options to pick; after Enter, the score per part. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { formatDuration } from './RunningScreen.js';
import type { PartOutcome } from '../../scenario/drill.js';
import type { DrillState } from '../state/types.js';

const OUTCOME: Record<PartOutcome, { mark: string; word: string }> = {
  hit: { mark: '✓', word: 'hit' },
  miss: { mark: '✗', word: 'missed' },
  'false-pick': { mark: '✗', word: 'false pick' },
  rejected: { mark: '·', word: 'rejected' },
};

export function DrillScreen({ drill, now, width, height }: { drill: DrillState; now: number; width: number; height: number }) {
  const theme = useTheme();
  if (drill.error) return <Text color={theme.status.error} wrap="wrap">Drill {drill.lesson}: {drill.error}</Text>;
  const q = drill.question;
  const options = drill.options;
  if (!q || !options) return <Text color={theme.text.secondary}>Loading the drill for lesson {drill.lesson}…</Text>;
  const elapsed = (drill.endedAt ?? now) - (drill.startedAt ?? drill.openedAt);
  const header = (
    <>
      <Text bold wrap="truncate-end">{q.title}</Text>
      <Text color={theme.text.accent} wrap="wrap">{q.question}</Text>
      <Text color={theme.text.secondary}>elapsed {formatDuration(Math.max(0, elapsed))} · lesson {q.lesson}</Text>
    </>
  );
  const s = drill.score;
  if (!s) {
    // keep the cursor visible when the options outrun the screen
    const room = Math.max(3, height - 7);
    const top = Math.max(0, Math.min(drill.cursor - Math.floor(room / 2), options.length - room));
    return (
      <Box flexDirection="column" width={width}>
        {header}
        <Text color={theme.text.secondary}>Pick every part a strong answer covers ({drill.picked.length} picked):</Text>
        {options.slice(top, top + room).map((o, j) => {
          const i = top + j;
          const here = i === drill.cursor;
          return (
            <Text key={i} wrap="truncate-end" color={here ? theme.ui.selected : undefined}>
              {here ? '› ' : '  '}{drill.picked.includes(i) ? '[x]' : '[ ]'} {String(i + 1).padStart(2)}. {o.label}
            </Text>
          );
        })}
        <Text color={theme.ui.key}>space picks · Enter submits · Esc leaves without saving</Text>
      </Box>
    );
  }
  const colour = (o: PartOutcome) => (o === 'hit' ? theme.status.success : o === 'rejected' ? theme.text.secondary : theme.status.error);
  // one element per row of resultRows, so the reducer can clamp the scroll without rendering
  const rows = [
    ...s.parts.map((p, i) => (
      <Text key={`p${i}`} wrap="truncate-end" color={colour(p.outcome)}>{OUTCOME[p.outcome].mark} {OUTCOME[p.outcome].word.padEnd(10)} {p.part.label}</Text>
    )),
    <Text key="b1"> </Text>,
    <Text key="h1" color={theme.ui.heading} bold>What a strong answer covers</Text>,
    ...q.outline.map((p, i) => <Text key={`o${i}`} wrap="wrap">  {i + 1}. {p.detail}</Text>),
    ...(q.followUps.length > 0
      ? [<Text key="b2"> </Text>, <Text key="h2" color={theme.ui.heading} bold>Follow-up questions</Text>,
        ...q.followUps.map((f, i) => <Text key={`f${i}`} wrap="wrap">  - {f}</Text>)]
      : []),
  ];
  const scroll = Math.min(drill.scroll ?? 0, rows.length - 1);
  return (
    <Box flexDirection="column" width={width}>
      {header}
      <Text bold>
        Score {Math.round(s.score * 100)}% · {s.hits}/{s.outlineParts} hit · {s.misses} missed · {s.falsePicks} false pick{s.falsePicks === 1 ? '' : 's'}
        <Text color={theme.text.secondary}>{drill.save === 'saved' ? ' · saved to drill history' : drill.save === 'failed' ? ' · not saved' : ' · saving…'}</Text>
      </Text>
      <Text color={theme.text.secondary}>{scroll > 0 ? `↑ ${scroll} more above · ` : ''}↑/↓ scroll · Esc back</Text>
      <Box flexDirection="column" height={Math.max(3, height - 7)} overflow="hidden">
        {/* never squash wrapped rows (yoga would shrink them into each other); clip at the bottom instead */}
        <Box flexShrink={0} flexDirection="column">{rows.slice(scroll)}</Box>
      </Box>
    </Box>
  );
}
