/** The drill's write mode: a text area for the answer, then marking it against the outline part by part. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { leavePrompt, textAreaRows } from '../state/drill-view.js';
import { DEFAULT_DRILL_MINUTES } from '../../scenario/drill/index.js';
import type { DrillState } from '../state/types.js';

/** m:ss, never below 0:00. Time left rounds up and time elapsed down, so the two always add up to the whole. */
export function clock(ms: number, round: 'up' | 'down' = 'down'): string {
  const s = Math.max(0, (round === 'up' ? Math.ceil : Math.floor)(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "Leave this drill? …" after Esc/b or q over an answer in progress; nothing when no question is pending. */
export function LeaveWarning({ drill }: { drill: DrillState }) {
  const theme = useTheme();
  const prompt = leavePrompt(drill);
  if (!prompt) return null;
  // first in the view, one line, so it is on screen however long the answer
  return <Text color={theme.status.warning} wrap="truncate-end">{prompt}</Text>;
}

/** The text area: the last rows of the answer that fit, the cursor after the last character. */
export function DrillWrite({ drill, width, height }: { drill: DrillState; width: number; height: number }) {
  const theme = useTheme();
  const answer = drill.answer ?? '';
  // the border and its padding take 4 columns and 2 rows; the instructions 2 rows, the count 1, a leave warning 1 more
  const inner = Math.max(10, width - 4);
  const room = Math.max(2, height - 5 - (drill.confirmLeave ? 1 : 0));
  const rows = textAreaRows(answer, inner);
  // when the answer outgrows the box, its first row says how many rows are hidden above the rest
  const hidden = rows.length > room ? rows.length - (room - 1) : 0;
  const shown = hidden ? rows.slice(hidden) : rows;
  const words = answer.trim() === '' ? 0 : answer.trim().split(/\s+/).length;
  return (
    <Box flexDirection="column">
      <LeaveWarning drill={drill} />
      <Text color={theme.text.secondary} wrap="wrap">
        Write your answer as you would say it. Enter starts a new line, <Text color={theme.ui.key} bold>Ctrl-D</Text> finishes (the timer
        does at {DEFAULT_DRILL_MINUTES.write}:00), Tab switches to pick mode, Esc leaves.
      </Text>
      <Box flexDirection="column" borderStyle="round" borderColor={theme.ui.border} paddingX={1} height={room + 2}>
        {hidden > 0 && <Text color={theme.text.secondary}>… {hidden} more row{hidden === 1 ? '' : 's'} above</Text>}
        {shown.map((r, i) => <Text key={i}>{r === '' ? ' ' : r}</Text>)}
      </Box>
      <Text color={theme.text.secondary}>{words} word{words === 1 ? '' : 's'} · {answer.split('\n').length} line{answer.split('\n').length === 1 ? '' : 's'}</Text>
    </Box>
  );
}

/** Marking: every outline part with covered or not, the detail of the part under the cursor, and the answer above to check against. */
export function DrillMark({ drill, width, height }: { drill: DrillState; width: number; height: number }) {
  const theme = useTheme();
  const outline = drill.question!.outline;
  const marks = drill.marks ?? [];
  const here = outline[drill.cursor];
  const covered = marks.filter(Boolean).length;
  // the parts and their detail come first; the answer gets what room is left (at least two rows)
  const detailRows = here ? Math.ceil(here.detail.length / Math.max(20, width - 4)) : 0;
  const answerRoom = Math.max(2, height - 4 - outline.length - detailRows - (drill.confirmLeave ? 1 : 0));
  const empty = (drill.answer ?? '').trim() === '';
  const answerRows = empty ? ['(your answer is empty)'] : textAreaRows(drill.answer ?? '', Math.max(10, width - 4), '');
  const answerShown = answerRows.slice(0, answerRoom);
  return (
    <Box flexDirection="column">
      <LeaveWarning drill={drill} />
      {answerShown.map((r, i) => (
        <Text key={i} color={theme.text.secondary}>│ {i === answerRoom - 1 && answerRows.length > answerRoom ? `… ${answerRows.length - i} more rows` : r || ' '}</Text>
      ))}
      <Text wrap="wrap">
        Mark each part your answer covered ({covered} of {outline.length}): <Text color={theme.ui.key}>space</Text> toggles,{' '}
        <Text color={theme.ui.key}>Enter</Text> scores; an unmarked part counts as missed.
      </Text>
      {outline.map((p, i) => {
        const on = i === drill.cursor;
        return (
          <Text key={i} wrap="truncate-end" color={on ? theme.ui.selected : undefined}>
            {on ? '› ' : '  '}{marks[i] ? '[x] covered' : '[ ] missed '} {String(i + 1).padStart(2)}. {p.label}
          </Text>
        );
      })}
      {here && <Text color={theme.text.secondary} wrap="wrap">  {here.detail}</Text>}
    </Box>
  );
}
