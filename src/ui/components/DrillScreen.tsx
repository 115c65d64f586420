/**
 * The interview drill: the lesson's question and a timer, then the answer in the chosen mode (pick options, or
 * write and mark), then the score per part, the measured numbers on request, and the follow-ups.
 */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { formatDuration } from './RunningScreen.js';
import { DrillMark, DrillWrite, LeaveWarning, clock } from './DrillAnswer.js';
import { DrillResult } from './DrillResult.js';
import { drillPhase } from '../state/drill-view.js';
import { DEFAULT_DRILL_MINUTES } from '../../scenario/drill/index.js';
import type { DrillState } from '../state/types.js';

/** The line under the question: the timer (while answering, elapsed and the mode's time left), the lesson and the mode. */
function timerLine(drill: DrillState, now: number): string {
  const start = drill.startedAt ?? drill.openedAt;
  const tail = `lesson ${drill.lesson} · ${drill.mode} mode`;
  const ranOut = drill.timedOut ? ' (time ran out)' : '';
  switch (drillPhase(drill)) {
    case 'pick':
    case 'write': {
      const elapsed = Math.max(0, now - start);
      return `elapsed ${clock(elapsed)} · ${clock(DEFAULT_DRILL_MINUTES[drill.mode] * 60_000 - elapsed, 'up')} left · ${tail}`;
    }
    case 'mark':
      return `answered in ${formatDuration(Math.max(0, (drill.writtenAt ?? now) - start))}${ranOut} · ${tail}`;
    default:
      return `elapsed ${formatDuration(Math.max(0, (drill.endedAt ?? now) - start))}${ranOut} · ${tail}`;
  }
}

export function DrillScreen({ drill, now, width, height }: { drill: DrillState; now: number; width: number; height: number }) {
  const theme = useTheme();
  if (drill.error) return <Text color={theme.status.error} wrap="wrap">Drill {drill.lesson}: {drill.error}</Text>;
  const q = drill.question;
  if (!q || !drill.options) return <Text color={theme.text.secondary}>Loading the drill for lesson {drill.lesson}…</Text>;
  // the rows the question takes, so the views below know their room (a rough wrap count is enough to stay on screen)
  const questionRows = Math.max(1, Math.ceil(q.question.length / Math.max(20, width)));
  const room = Math.max(3, height - 2 - questionRows);
  const phase = drillPhase(drill);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">{q.title}</Text>
      <Text color={theme.text.accent} wrap="wrap">{q.question}</Text>
      <Text color={theme.text.secondary} wrap="truncate-end">{timerLine(drill, now)}</Text>
      {phase === 'pick' && <DrillPick drill={drill} height={room} />}
      {phase === 'write' && <DrillWrite drill={drill} width={width} height={room} />}
      {phase === 'mark' && <DrillMark drill={drill} width={width} height={room} />}
      {phase === 'scored' && <DrillResult drill={drill} width={width} height={room} />}
    </Box>
  );
}

function DrillPick({ drill, height }: { drill: DrillState; height: number }) {
  const theme = useTheme();
  const options = drill.options!;
  // keep the cursor visible when the options outrun the screen (a pending leave question takes a row)
  const room = Math.max(3, height - 2 - (drill.confirmLeave ? 1 : 0));
  const top = Math.max(0, Math.min(drill.cursor - Math.floor(room / 2), options.length - room));
  return (
    <Box flexDirection="column">
      <LeaveWarning drill={drill} />
      <Text color={theme.text.secondary}>{drill.question?.ordered ? `Pick the parts of a strong answer in the order you would cover them — the order is scored (${drill.picked.length} picked):` : `Pick every part a strong answer covers (${drill.picked.length} picked):`}</Text>
      {options.slice(top, top + room).map((o, j) => {
        const i = top + j;
        const here = i === drill.cursor;
        return (
          <Text key={i} wrap="truncate-end" color={here ? theme.ui.selected : undefined}>
            {here ? '› ' : '  '}{drill.picked.includes(i) ? (drill.question?.ordered ? `[${drill.picked.indexOf(i) + 1}]` : '[x]') : '[ ]'} {String(i + 1).padStart(2)}. {o.label}
          </Text>
        );
      })}
      <Text color={theme.ui.key} wrap="truncate-end">space picks · Enter submits (the timer does at {DEFAULT_DRILL_MINUTES.pick}:00) · Tab: write · Esc leaves</Text>
    </Box>
  );
}
