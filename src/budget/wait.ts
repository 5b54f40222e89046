/**
 * Waiting for a retry budget that refills with time: before the next attempt, a run the budget
 * refused asks it again, and sleeps on while it still refuses — within the run's limits.
 */

import { logBudgetWait } from '../observe/hooks.js';
import { scheduledDelay } from '../policy/backoff.js';
import type { Policy } from '../policy/options.js';
import { sleepOn } from '../run/sleep.js';
import type { RetryBudget } from './retry-budget.js';

/**
 * The budget's `retryDelayMs()`, or `Infinity` when it has none (a hand-made budget), throws, or
 * returns something that is not a number ≥ 0: such a budget cannot be waited for.
 */
export function budgetDelayMs(budget: RetryBudget): number {
  try {
    const method = (budget as Partial<RetryBudget>).retryDelayMs;
    const ms: unknown = typeof method === 'function' ? method.call(budget) : undefined;
    return typeof ms === 'number' && ms >= 0 ? ms : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Reserves a retry slot; a hand-made budget without `reserve` is only asked `canRetry()`. */
function reserve(budget: RetryBudget): boolean {
  const method = (budget as Partial<RetryBudget>).reserve;
  return typeof method === 'function' ? method.call(budget) === true : budget.canRetry();
}

/** Gives back the slot {@link waitForBudget} reserved, when the attempt has ended. */
export function releaseBudget(budget: RetryBudget | undefined): void {
  if (budget === undefined) return;
  try {
    const method = (budget as Partial<RetryBudget>).release;
    if (typeof method === 'function') method.call(budget);
  } catch {
    // A broken hand-made budget cannot break a run.
  }
}

/**
 * Sleeps until `policy.budget` allows a retry, and reserves it (see `RetryBudget.reserve`): the
 * caller must {@link releaseBudget} when the attempt ends. Each time the budget still refuses,
 * the run sleeps the budget's wait plus a jittered backoff for the coming attempt, so that runs
 * waiting on one budget spread out instead of waking together; a wake makes no call. Resolves
 * `true` when the retry may start, `false` when the next sleep would end past `deadlineMs`
 * (elapsed-time terms from `startedAt`); rejects with the clock's error when `signal` aborts a
 * sleep. Each extra wait is logged at debug level: `waiting for retry budget`.
 */
export async function waitForBudget(
  policy: Policy,
  attempt: number,
  startedAt: number,
  deadlineMs: number,
  signal: AbortSignal | undefined,
  name: string | undefined,
): Promise<boolean> {
  const { budget, clock } = policy;
  if (budget === undefined) return true;
  while (!reserve(budget)) {
    const waitMs = budgetDelayMs(budget);
    if (!(waitMs < Number.POSITIVE_INFINITY)) return false;
    const delayMs = waitMs + scheduledDelay(attempt + 1, policy, policy.random);
    if (!(clock.now() - startedAt + delayMs <= deadlineMs)) return false;
    // maxDelayMs caps every sleep; a longer wait asks again after each.
    const sleepMs = Math.min(delayMs, policy.maxDelayMs);
    if (!(sleepMs > 0)) return false;
    logBudgetWait(policy.logger, name, attempt, sleepMs);
    await sleepOn(clock, sleepMs, signal);
  }
  return true;
}
