/**
 * The interview drill's logic, in one room: its vocabulary (types), the one-line labels of a lesson's parts,
 * questions and pick options, scoring, and the measured numbers' text. These are pure and cheap to load.
 * Three modules touch the outside and are imported by path so nothing loads them by accident:
 * bank.ts (reads lessons/), history.ts (the JSON-lines history file), measure.ts (runs scenarios).
 */
export * from './types.js';
export { LABEL_MAX, leadStatement, partLabel } from './labels.js';
export { drillQuestionFromLesson, chooseQuestion, pickOptions, pickOptionsForSeed } from './question.js';
export { orderAgreement, scorePick, scoreWrite, parsePickAnswer, parseMarks } from './scoring.js';
export { formatMeasured, type MeasuredScenario } from './measure-format.js';
