/** Key presses → the reducer, which interprets them against the current state (keys are data). */
import type { Dispatch } from 'react';
import { useInput } from 'ink';
import type { Action } from '../state/types.js';

export function useKeyInput(dispatch: Dispatch<Action>, isActive = true): void {
  useInput((input, key) => dispatch({ type: 'key', input, key, at: Date.now() }), { isActive });
}
