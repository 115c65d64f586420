/** Picks the screen for the state and hands it just the props it needs. */
import type { Dispatch } from 'react';
import { Text } from 'ink';
import { HomeScreen } from './HomeScreen.js';
import { ScenarioScreen } from './ScenarioScreen.js';
import { PredictScreen } from './PredictScreen.js';
import { RunningScreen } from './RunningScreen.js';
import { ResultsScreen } from './ResultsScreen.js';
import { CompareScreen } from './CompareScreen.js';
import { LessonPane } from './LessonPane.js';
import { HelpScreen } from './HelpScreen.js';
import { DrillScreen } from './DrillScreen.js';
import { currentScenario, referenceDesignRun, scenarioHistory, visibleScenarios } from '../state/selectors.js';
import { predictionQuestions } from '../state/predictions.js';
import type { Action, State } from '../state/types.js';

export interface ScreenViewProps {
  state: State;
  dispatch: Dispatch<Action>;
  now: number;
  width: number;
  height: number;
}

export function ScreenView({ state, dispatch, now, width, height }: ScreenViewProps) {
  const scenario = currentScenario(state);
  const history = scenarioHistory(state);
  const runCounts = Object.fromEntries(Object.entries(state.history).map(([k, v]) => [k, v.length]));
  switch (state.screen) {
    case 'home':
      return <HomeScreen scenarios={visibleScenarios(state)} cursor={state.home.cursor} filter={state.home.filter} filtering={state.home.filtering}
        width={width} height={height} loading={!state.scenarios} loadError={state.loadError} runCounts={runCounts} />;
    case 'help':
      return <HelpScreen width={width} />;
    case 'lesson':
      return <LessonPane id={state.lesson.id ?? '?'} markdown={state.lesson.markdown} error={state.lesson.error} scroll={state.lesson.scroll}
        width={width} height={height} onMeasure={(max) => dispatch({ type: 'scroll-clamp', pane: 'lesson', max })} />;
    case 'drill':
      return state.drill ? <DrillScreen drill={state.drill} now={now} width={width} height={height} /> : null;
    default:
      break;
  }
  if (!scenario) return <Text>No scenario selected.</Text>;
  switch (state.screen) {
    case 'scenario':
      return <ScenarioScreen scenario={scenario} knobs={state.knobs} scale={state.scale} seeds={state.seeds} history={history} width={width} height={height} />;
    case 'predict': {
      const baseline = history[history.length - 1];
      const changed = Object.keys(state.knobs.values).filter((k) => String(state.knobs.values[k]) !== String(baseline?.params[k]));
      return <PredictScreen questions={predictionQuestions(scenario)} cursor={state.predict.cursor} answers={state.predict.answers}
        baseline={baseline} changed={state.scale !== baseline?.scale ? [...changed, 'scale'] : changed} width={width} height={height} />;
    }
    case 'running':
      return state.run ? <RunningScreen run={state.run} title={scenario.title} headline={scenario.headline} now={now} width={width} /> : null;
    case 'results': {
      const result = history[state.results.index ?? history.length - 1];
      return result ? <ResultsScreen scenario={scenario} result={result} reference={referenceDesignRun(state.history, result)} run={state.run} scroll={state.results.scroll} width={width} height={height}
        onMeasure={(max) => dispatch({ type: 'scroll-clamp', pane: 'results', max })} /> : null;
    }
    case 'compare':
      return <CompareScreen scenario={scenario} history={history} cursor={state.compare.cursor} baseline={state.compare.baseline} width={width} height={height} />;
  }
}
