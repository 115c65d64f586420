/** Derived views of the state, shared by the reducer and the components. Pure. */
import { TOPICS } from '../../scenario/types.js';
import type { RunResult, Scenario, Topic } from '../../scenario/types.js';
import type { State } from './types.js';

/** Every word of the filter must appear in the id, title, question, topic or section (case-insensitive). */
export function matchesFilter(scenario: Scenario, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = [scenario.id, scenario.title, scenario.question, scenario.topic, scenario.section].join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** The scenarios the home screen lists, in topic order (the order the cursor walks). */
export function visibleScenarios(state: Pick<State, 'scenarios' | 'home'>): Scenario[] {
  const list = (state.scenarios ?? []).filter((s) => matchesFilter(s, state.home.filter));
  return TOPICS.flatMap((t) => list.filter((s) => s.topic === t));
}

export function groupByTopic(scenarios: Scenario[]): { topic: Topic; scenarios: Scenario[] }[] {
  return TOPICS.map((topic) => ({ topic, scenarios: scenarios.filter((s) => s.topic === topic) })).filter((g) => g.scenarios.length > 0);
}

export function currentScenario(state: Pick<State, 'scenarios' | 'scenarioId'>): Scenario | undefined {
  return state.scenarios?.find((s) => s.id === state.scenarioId);
}

export function scenarioHistory(state: Pick<State, 'history' | 'scenarioId'>): RunResult[] {
  return state.scenarioId ? state.history[state.scenarioId] ?? [] : [];
}

export const TOPIC_LABELS: Record<Topic, string> = {
  'system-design': 'System design',
  'deep-dives': 'Deep dives',
  'trade-offs': 'Trade-offs',
  'production-ml': 'Production ML',
  'common-questions': 'Common questions',
};
