/**
 * The scored drill: the score line, a status line (scroll hint, or the measurement's progress), and the rows of
 * resultSections — the same list the reducer clamps the scroll against, one element per row.
 */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { ProgressBar } from './ProgressBar.js';
import { isMeasuring, resultSections, type DrillRow } from '../state/drill-view.js';
import type { PartOutcome } from '../../scenario/drill/index.js';
import type { DrillMeasureState, DrillState } from '../state/types.js';
import type { Theme } from '../theme.js';

const OUTCOME: Record<PartOutcome, { mark: string; word: string }> = {
  hit: { mark: '✓', word: 'hit' },
  miss: { mark: '✗', word: 'missed' },
  'false-pick': { mark: '✗', word: 'false pick' },
  rejected: { mark: '·', word: 'rejected' },
};

function row(r: DrillRow, key: number, theme: Theme) {
  switch (r.kind) {
    case 'part': {
      const colour = r.outcome === 'hit' ? theme.status.success : r.outcome === 'rejected' ? theme.text.secondary : theme.status.error;
      return <Text key={key} wrap="truncate-end" color={colour}>{OUTCOME[r.outcome].mark} {OUTCOME[r.outcome].word.padEnd(10)} {r.label}</Text>;
    }
    case 'blank': return <Text key={key}> </Text>;
    case 'heading': return <Text key={key} color={theme.ui.heading} bold>{r.text}</Text>;
    case 'text': {
      const colour = r.tone === 'secondary' ? theme.text.secondary : r.tone === 'success' ? theme.status.success : r.tone === 'error' ? theme.status.error : r.tone === 'warning' ? theme.status.warning : undefined;
      return <Text key={key} wrap="wrap" color={colour}>{r.text}</Text>;
    }
  }
}

function MeasureProgress({ m, width }: { m: DrillMeasureState; width: number }) {
  const theme = useTheme();
  if (m.status === 'cancelling') return <Text color={theme.status.warning}>cancelling the measurement…</Text>;
  const which = m.total ? `[${(m.index ?? 0) + 1}/${m.total}] ${m.scenario}` : 'loading the scenarios';
  return (
    <Text wrap="truncate-end">
      <Text color={theme.status.info}>measuring {which}{m.stage ? ` · ${m.stage} ` : ' '}</Text>
      <ProgressBar fraction={m.fraction ?? 0} width={Math.max(10, Math.min(30, width - 60))} />
      <Text color={theme.text.secondary}> · Esc cancels</Text>
    </Text>
  );
}

export function DrillResult({ drill, width, height }: { drill: DrillState; width: number; height: number }) {
  const theme = useTheme();
  const s = drill.score!;
  const rows = resultSections(drill);
  const scroll = Math.min(drill.scroll ?? 0, rows.length - 1);
  const wrong = drill.mode === 'pick' ? ` · ${s.falsePicks} false pick${s.falsePicks === 1 ? '' : 's'}` : '';
  const measureHint = drill.measure?.status === 'done' ? '' : ' · m measure on this machine';
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        Score {Math.round(s.score * 100)}% · {s.hits}/{s.outlineParts} hit · {s.misses} missed{wrong}
        <Text color={theme.text.secondary}>{drill.save === 'saved' ? ' · saved to drill history' : drill.save === 'failed' ? ' · not saved' : ' · saving…'}</Text>
      </Text>
      {isMeasuring(drill)
        ? <MeasureProgress m={drill.measure!} width={width} />
        : <Text color={theme.text.secondary} wrap="truncate-end">{scroll > 0 ? `↑ ${scroll} more above · ` : ''}↑/↓ scroll{measureHint} · Esc back</Text>}
      <Box flexDirection="column" height={Math.max(3, height - 2)} overflow="hidden">
        {/* never squash wrapped rows (yoga would shrink them into each other); clip at the bottom instead */}
        <Box flexShrink={0} flexDirection="column">{rows.slice(scroll).map((r, i) => row(r, scroll + i, theme))}</Box>
      </Box>
    </Box>
  );
}
