/** The drill's question bank: one question per lesson in lessons/ that has an interview question and an outline. */
import { listLessonIds, loadLesson } from '../lessons.js';
import { drillQuestionFromLesson } from './question.js';
import type { DrillQuestion } from './types.js';

export async function loadDrillBank(): Promise<DrillQuestion[]> {
  const bank: DrillQuestion[] = [];
  for (const id of listLessonIds()) {
    const q = drillQuestionFromLesson(id, await loadLesson(id));
    if (q.question && q.outline.length > 0) bank.push(q);
  }
  return bank;
}
