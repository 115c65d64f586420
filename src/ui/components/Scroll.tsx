/**
 * A viewport over taller content: shows `height` rows from `offset`, measures the content after each
 * render and reports the largest useful offset so the reducer can clamp "scroll to bottom".
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { Box, Text, measureElement, type DOMElement } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

export interface ScrollProps {
  offset: number;
  height: number;
  width: number;
  onMeasure?: (maxOffset: number) => void;
  children: ReactNode;
}

export function Scroll({ offset, height, width, onMeasure, children }: ScrollProps) {
  const theme = useTheme();
  const inner = useRef<DOMElement>(null);
  const contentHeight = useRef(0);
  useEffect(() => {
    if (!inner.current) return;
    const measured = measureElement(inner.current).height;
    contentHeight.current = measured;
    onMeasure?.(Math.max(0, measured - (height - 1)));
  });
  const max = Math.max(0, contentHeight.current - (height - 1));
  // before the first measurement the offset is taken as given; after it, never past the bottom
  const top = contentHeight.current > 0 ? Math.min(offset, max) : offset;
  return (
    <Box flexDirection="column" width={width}>
      <Box height={height - 1} overflow="hidden" flexDirection="column">
        <Box ref={inner} flexDirection="column" marginTop={-top} flexShrink={0}>
          {children}
        </Box>
      </Box>
      <Text color={theme.text.secondary}>
        {contentHeight.current > height - 1 ? `── lines ${top + 1}–${Math.min(contentHeight.current, top + height - 1)} of ${contentHeight.current} · j/k scroll ──` : ' '}
      </Text>
    </Box>
  );
}
