/** Adding a server's delay hint to a verdict, without object spread. */
import type { Verdict } from '../verdict.js';

/**
 * `{ ...verdict, delayMs }` for the classifiers' own verdicts (`retryable`, `reason`, maybe
 * `throttled`), written out: on Node 20 spreading a fresh object literal costs ~0.6 µs, more than
 * the rest of a classification.
 *
 * @example
 * ```ts
 * withDelay({ retryable: true, reason: 'http 429', throttled: true }, 2000);
 * // { retryable: true, reason: 'http 429', throttled: true, delayMs: 2000 }
 * ```
 */
export function withDelay(verdict: Verdict, delayMs: number): Verdict {
  const { retryable, reason, throttled } = verdict;
  return throttled === undefined
    ? { retryable, reason, delayMs }
    : { retryable, reason, throttled, delayMs };
}
