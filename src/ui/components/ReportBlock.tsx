/** One block of the shared run report (src/scenario/format/report.ts): the CLI prints the same blocks. */
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { ClaimList } from './ClaimList.js';
import { textTable } from '../../scenario/format/table.js';
import type { Block } from '../../scenario/format/report.js';

export function ReportBlock({ block }: { block: Block }) {
  const theme = useTheme();
  switch (block.kind) {
    case 'heading':
      return <Text bold color={theme.ui.heading}>{block.text}</Text>;
    case 'paragraph':
    case 'environment':
      return <Box marginBottom={1}><Text wrap="wrap" color={theme.text.secondary}>{block.text}</Text></Box>;
    case 'table':
      return <Lines title={block.title} lines={textTable(block.columns, block.rows)} />;
    case 'chart':
      return <Lines title={block.title} lines={block.lines} />;
    case 'notes':
      return (
        <Box flexDirection="column" marginBottom={1}>
          <Text bold color={theme.ui.heading}>Notes</Text>
          {block.items.map((n, i) => <Text key={i} wrap="wrap">• {n}</Text>)}
        </Box>
      );
    case 'warning':
      return <Box marginBottom={1}><Text wrap="wrap" color={theme.status.warning}>⚠ {block.text}</Text></Box>;
    case 'claims':
      return <ClaimList title={block.title} items={block.items} />;
  }
}

function Lines({ title, lines }: { title?: string; lines: string[] }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" marginBottom={1}>
      {title && <Text bold color={theme.ui.heading}>{title}</Text>}
      {lines.map((l, i) => <Text key={i} wrap="truncate-end">{l}</Text>)}
    </Box>
  );
}
