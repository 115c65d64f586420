/** One knob from its ParamSpec: value (or the text being typed), unit, allowed range, and a refusal inline. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { formatNumber } from '../../scenario/format/numbers.js';
import type { ParamSpec, ParamValue } from '../../scenario/types.js';

export interface KnobRowProps {
  spec: ParamSpec;
  value: ParamValue;
  selected: boolean;
  changed: boolean;
  edit?: string;
  error?: string;
  nameWidth: number;
  valueWidth: number;
  unitWidth: number;
  showDescription: boolean;
}

export function rangeText(spec: ParamSpec): string {
  if (spec.type === 'enum') return (spec.choices ?? []).join(' | ');
  if (spec.type === 'boolean') return 'true | false';
  const lo = spec.min !== undefined ? formatNumber(spec.min) : '−∞';
  const hi = spec.max !== undefined ? formatNumber(spec.max) : '∞';
  return `${lo} … ${hi}`;
}

/** The widest the value column grows for typed text; longer text shows its end, after an ellipsis. */
export const MAX_EDIT_WIDTH = 24;

/** Typed text with its cursor, in `width` columns: the end stays visible (that is where the typing is). */
export function editText(edit: string, width: number): string {
  const room = Math.max(2, width) - 1; // one column for the cursor
  return `${edit.length > room ? `…${edit.slice(edit.length - room + 1)}` : edit}▏`;
}

export function KnobRow(props: KnobRowProps) {
  const theme = useTheme();
  const { spec, selected } = props;
  const shown = (props.edit !== undefined ? editText(props.edit, props.valueWidth) : formatNumber(props.value)).padStart(props.valueWidth);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={selected ? theme.ui.selected : undefined} bold={selected}>{selected ? '› ' : '  '}{spec.name.padEnd(props.nameWidth)}</Text>
        <Text color={theme.text.secondary}>{selected && props.edit === undefined ? ' ◂ ' : '   '}</Text>
        <Text bold color={props.edit !== undefined ? theme.text.accent : props.changed ? theme.status.warning : undefined}>{shown}</Text>
        <Text color={theme.text.secondary}>{selected && props.edit === undefined ? ' ▸' : '  '} {(spec.unit ?? '').padEnd(props.unitWidth)}</Text>
        <Text color={theme.text.secondary}>{' '}[{rangeText(spec)}]{props.changed ? ' (changed)' : ''}</Text>
        {props.showDescription && <Text color={theme.text.secondary}>  {spec.description}</Text>}
      </Text>
      {props.error && <Text wrap="wrap" color={theme.status.error}>    ✗ {props.error}</Text>}
    </Box>
  );
}
