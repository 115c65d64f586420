/** Live progress per stage (bar, elapsed, ETA) from the run worker; input stays live, Esc cancels at once. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { ProgressBar } from './ProgressBar.js';
import { etaMs } from '../state/run.js';
import { textTable } from '../../scenario/format/table.js';
import type { Series } from '../../scenario/types.js';
import type { RunState, StageState } from '../state/types.js';

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`;
}

export function RunningScreen({ run, title, headline, now, width }: { run: RunState; title: string; headline: string[]; now: number; width: number }) {
  const theme = useTheme();
  const nameWidth = Math.min(24, Math.max(8, ...run.stages.map((s) => s.name.length)));
  const barWidth = Math.max(10, Math.min(40, width - nameWidth - 40));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">Running {title}</Text>
      <Text color={theme.text.secondary} wrap="truncate-end">
        scale {run.scale} · seed {run.seed}{run.seeds > 1 ? ` (${run.seeds} seeds)` : ''} · {Object.entries(run.params).map(([k, v]) => `${k}=${v}`).join(' ')}
      </Text>
      <Text color={theme.text.secondary}>elapsed {formatDuration(now - run.requestedAt)}{run.partialPoints > 0 ? ` · ${run.partialPoints} sweep point${run.partialPoints > 1 ? 's' : ''} done` : ''}</Text>
      <Text> </Text>
      {run.stages.length === 0 && <Text color={theme.text.secondary}>starting…</Text>}
      {run.stages.map((s) => <StageRow key={s.name} stage={s} now={now} nameWidth={nameWidth} barWidth={barWidth} />)}
      {run.partialSeries && <SweepSoFar series={run.partialSeries} headline={headline} />}
      {run.logs.length > 0 && <Text> </Text>}
      {run.logs.map((l, i) => <Text key={i} wrap="truncate-end" color={theme.text.secondary}>{l}</Text>)}
      <Text> </Text>
      <Text color={theme.ui.key}>Esc or Ctrl-C cancels the run</Text>
    </Box>
  );
}

function StageRow({ stage, now, nameWidth, barWidth }: { stage: StageState; now: number; nameWidth: number; barWidth: number }) {
  const theme = useTheme();
  const done = stage.endedAt !== undefined;
  const elapsed = (stage.endedAt ?? now) - stage.startedAt;
  return (
    <Text wrap="truncate-end">
      <Text color={done ? theme.status.success : undefined}>{done ? '✓ ' : '· '}{stage.name.slice(0, nameWidth).padEnd(nameWidth)} </Text>
      <ProgressBar fraction={stage.fraction} width={barWidth} />
      <Text color={theme.text.secondary}>  {formatDuration(elapsed)}{done ? '' : `  ETA ${formatDuration(etaMs(stage, now))}`}{stage.detail ? `  ${stage.detail}` : ''}</Text>
    </Text>
  );
}

/** The sweep points measured so far (the last few), so the curve builds up while the run goes on. */
function SweepSoFar({ series, headline }: { series: Series; headline: string[] }) {
  const theme = useTheme();
  const metrics = headline.filter((m) => series.points.some((p) => m in p));
  const rows = series.points.slice(-5).map((p) => [p[series.x] ?? '', ...metrics.map((m) => p[m] ?? '')]);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color={theme.text.secondary}>Sweep so far ({series.points.length} point{series.points.length > 1 ? 's' : ''}{series.points.length > 5 ? ', last 5' : ''}):</Text>
      {textTable([series.x, ...metrics], rows).map((l, i) => <Text key={i} wrap="truncate-end">{l}</Text>)}
    </Box>
  );
}
