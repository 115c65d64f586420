/** The TUI: state from one reducer, effects in hooks, the screen a function of the state. */
import { useEffect, useReducer } from 'react';
import { Box, useApp } from 'ink';
import { Header } from './components/Header.js';
import { Footer } from './components/Footer.js';
import { ScreenView } from './components/ScreenView.js';
import { TooSmall } from './components/TooSmall.js';
import { ThemeContext } from './hooks/use-theme.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useKeyInput } from './hooks/use-key-input.js';
import { useCatalog, useDrill, useExport, useLesson } from './hooks/use-loaders.js';
import { useRun } from './hooks/use-run.js';
import { useDrillMeasure } from './hooks/use-drill-measure.js';
import { useNow } from './hooks/use-now.js';
import { hintsFor } from './keymap.js';
import { isTooSmall, reducer } from './state/reducer.js';
import { drillHints, drillPhase } from './state/drill-view.js';
import { currentScenario } from './state/selectors.js';
import type { State } from './state/types.js';
import type { TuiServices } from './services.js';
import type { Theme } from './theme.js';

export interface AppProps {
  initial: State;
  services: TuiServices;
  theme: Theme;
  onExit?: (code: number) => void;
}

const TITLES: Record<State['screen'], string> = {
  home: 'scenarios', scenario: 'knobs', predict: 'predict', running: 'running', results: 'results', compare: 'compare', lesson: 'lesson', drill: 'drill', help: 'help',
};

export function App({ initial, services, theme, onExit }: AppProps) {
  const [state, dispatch] = useReducer(reducer, initial);
  const { exit } = useApp();
  useTerminalSize(dispatch);
  useKeyInput(dispatch);
  useCatalog(dispatch, services);
  useRun(state, dispatch, services);
  useLesson(state, dispatch, services);
  useExport(state, dispatch, services);
  useDrill(state, dispatch, services);
  useDrillMeasure(state, dispatch, services);
  // the clock ticks for the running screen and the drill's timer (picking or writing)
  const drillPhaseNow = state.drill ? drillPhase(state.drill) : undefined;
  const now = useNow(state.screen === 'running' || (state.screen === 'drill' && (drillPhaseNow === 'pick' || drillPhaseNow === 'write')));
  useEffect(() => {
    if (state.exit === undefined) return;
    onExit?.(state.exit);
    exit();
  }, [state.exit, exit, onExit]);

  const { columns, rows } = state.size;
  const body = (
    isTooSmall(state)
      ? <TooSmall columns={columns} rows={rows} />
      : (
        // one row short of the terminal: ink redraws a frame as tall as the screen by clearing it (flicker)
        <Box flexDirection="column" width={columns} height={rows - 1}>
          <Header title={[TITLES[state.screen], currentScenario(state)?.id].filter(Boolean).join(' · ')} scale={state.scale} seed={state.seed} seeds={state.seeds} />
          <Box flexGrow={1} flexDirection="column" overflow="hidden">
            {/* never squash a screen's lines (yoga would shrink text to nothing); clip at the bottom instead */}
            <Box flexShrink={0} flexDirection="column">
              <ScreenView state={state} dispatch={dispatch} now={now} width={columns} height={rows - 4} />
            </Box>
          </Box>
          <Footer hints={state.screen === 'drill' && state.drill ? drillHints(state.drill) : hintsFor(state.screen)} message={state.message} />
        </Box>
      )
  );
  return <ThemeContext.Provider value={theme}>{body}</ThemeContext.Provider>;
}
