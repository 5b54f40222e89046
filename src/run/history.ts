/**
 * The errors a run remembers for `retryInfo`, kept small for runs asleep in backoff: nothing
 * before the first failure, the error itself after one, an array only from the second on.
 */
import { MAX_RECORDED_ERRORS } from '../observe/retry-info.js';

/** Shared by runs without failures; frozen, so nothing can be added to it. */
const NO_ERRORS: readonly unknown[] = /* @__PURE__ */ Object.freeze([]);

/** Where a run keeps its errors: `count` of them, in `kept` (one error, or an array from two). */
export interface History {
  count: number;
  kept: unknown;
}

/** Adds `error`, dropping the oldest beyond {@link MAX_RECORDED_ERRORS}. */
export function remember(history: History, error: unknown): void {
  const { count } = history;
  if (count === 0) history.kept = error;
  else if (count === 1) history.kept = [history.kept, error];
  else {
    const list = history.kept as unknown[];
    if (list.length === MAX_RECORDED_ERRORS) list.shift();
    list.push(error);
  }
  history.count = Math.min(count + 1, MAX_RECORDED_ERRORS);
}

/** The errors remembered, oldest first. */
export function errorsOf(history: History): readonly unknown[] {
  if (history.count === 0) return NO_ERRORS;
  if (history.count === 1) return [history.kept];
  return history.kept as unknown[];
}

/** The error remembered last; `undefined` when none. */
export function lastError(history: History): unknown {
  if (history.count === 0) return undefined;
  if (history.count === 1) return history.kept;
  const list = history.kept as unknown[];
  return list[list.length - 1];
}
