/** Dispatch the terminal size now and on every resize, so the layout re-flows (and too-small shows). */
import { useEffect, type Dispatch } from 'react';
import { useStdout } from 'ink';
import type { Action } from '../state/types.js';

export function useTerminalSize(dispatch: Dispatch<Action>): void {
  const { stdout } = useStdout();
  useEffect(() => {
    const report = () => dispatch({ type: 'resize', columns: stdout.columns || 80, rows: stdout.rows || 24 });
    report();
    stdout.on('resize', report);
    return () => {
      stdout.off('resize', report);
    };
  }, [stdout, dispatch]);
}
