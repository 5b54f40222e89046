import { describe, expect, it } from 'vitest';
import { errorsOf, type History, lastError, remember } from '../../src/run/history.js';

/** A history after remembering errors 1..n. */
function historyOf(n: number): History {
  const history: History = { count: 0, kept: undefined };
  for (let i = 1; i <= n; i++) remember(history, i);
  return history;
}

describe('run history (the errors a run keeps for retryInfo)', () => {
  it.each([
    [0, [], undefined],
    [1, [1], 1],
    [2, [1, 2], 2],
    [3, [1, 2, 3], 3],
  ])('after %i errors: errors %o, last %o', (n, errors, last) => {
    expect(errorsOf(historyOf(n))).toEqual(errors);
    expect(lastError(historyOf(n))).toBe(last);
  });

  it('keeps one error as itself (no array) and only the newest 100 of a long run', () => {
    expect(historyOf(1).kept).toBe(1);
    const long = historyOf(250);
    expect(errorsOf(long)).toHaveLength(100);
    expect(errorsOf(long)[0]).toBe(151);
    expect(lastError(long)).toBe(250);
  });

  it('tells an error that is itself an array from the list', () => {
    const history: History = { count: 0, kept: undefined };
    const thrown = ['an', 'array'];
    remember(history, thrown);
    expect(errorsOf(history)).toEqual([thrown]);
    expect(lastError(history)).toBe(thrown);
  });
});
