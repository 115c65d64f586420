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

/** A design review (scenarios/designs/*.yaml, run by the design-review experiment): listed in its own group, first. */
export const isDesignReview = (s: Scenario): boolean => s.experiment === 'design-review';

/** The scenarios the home screen lists: design reviews first, then topic order (the order the cursor walks). */
export function visibleScenarios(state: Pick<State, 'scenarios' | 'home'>): Scenario[] {
  const list = (state.scenarios ?? []).filter((s) => matchesFilter(s, state.home.filter));
  return groupByTopic(list).flatMap((g) => g.scenarios);
}

export const DESIGN_GROUP_LABEL = 'Design review — the first question, built and measured end to end';

/** The home screen's groups, in the order `visibleScenarios` walks them. */
export function groupByTopic(scenarios: Scenario[]): { label: string; scenarios: Scenario[] }[] {
  const designs = { label: DESIGN_GROUP_LABEL, scenarios: scenarios.filter(isDesignReview) };
  const topics = TOPICS.map((topic) => ({ label: TOPIC_LABELS[topic], scenarios: scenarios.filter((s) => s.topic === topic && !isDesignReview(s)) }));
  return [designs, ...topics].filter((g) => g.scenarios.length > 0);
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

/** The latest run of the reference design at the same scale, to set a design review's scorecard against (none for the reference itself). */
export function referenceDesignRun(history: State['history'], result: RunResult): RunResult | undefined {
  if (!result.scenario.startsWith('design-') || result.scenario === 'design-reference') return undefined;
  return (history['design-reference'] ?? []).filter((r) => r.scale === result.scale).at(-1);
}
