/**
 * After a classified failure: retry after how long, or stop and why. Shared by `run` and `next`,
 * so both follow the same schedule, limits and budget.
 */

import { budgetDelayMs } from '../budget/wait.js';
import type { Verdict } from '../classify/verdict.js';
import type { GiveUpReason } from '../observe/retry-info.js';
import { backoffDelay } from './backoff.js';
import type { Policy } from './options.js';

/**
 * The decision for one failure. `budgetWait` marks a retry the budget refused for now: the delay
 * covers the budget's wait, and `run` asks the budget again before the next attempt.
 */
export type Plan =
  | { readonly retry: true; readonly delayMs: number; readonly budgetWait?: true }
  | {
      readonly retry: false;
      readonly reason: GiveUpReason;
      /** With reason `'hint-too-long'`: the delay the server asked for. */
      readonly hintMs?: number;
    };

const STOP_NON_RETRYABLE: Plan = { retry: false, reason: 'non-retryable' };
const STOP_ATTEMPTS: Plan = { retry: false, reason: 'attempts' };
const STOP_DEADLINE: Plan = { retry: false, reason: 'deadline' };
const STOP_BUDGET: Plan = { retry: false, reason: 'budget' };

/**
 * Decides what follows failed attempt `attempt` (counting from 1) `elapsedMs` after the first
 * attempt started. `deadlineMs` (elapsed-time terms) is the tightest of `maxElapsedMs`,
 * `totalTimeoutMs` and a per-run deadline. The throttle, if any, hears of the outcome (a
 * `throttled` verdict, or an accept). A retryable failure costs the budget a token. A budget that refuses but
 * refills with time adds its wait to the backoff (the sum keeps waiting runs spread out), when
 * the total fits before the deadline; otherwise the run gives up with reason `'budget'`. No
 * single sleep is longer than `maxDelayMs`: a longer wait is slept in several.
 */
export function planRetry(
  policy: Policy,
  verdict: Verdict,
  attempt: number,
  elapsedMs: number,
  previousDelayMs: number | undefined,
  deadlineMs: number = Math.min(policy.maxElapsedMs, policy.totalTimeoutMs ?? Infinity),
): Plan {
  const throttle = policy.throttle;
  if (throttle !== undefined) {
    if (verdict.throttled === true) throttle.recordThrottled();
    else throttle.recordAccepted(); // the service answered and was not shedding load
  }
  if (!verdict.retryable) return STOP_NON_RETRYABLE;
  const budget = policy.budget;
  budget?.recordFailure();
  if (attempt >= policy.maxAttempts) return STOP_ATTEMPTS;
  let delayMs = backoffDelay(attempt, policy, policy.random, previousDelayMs);
  const hintMs = verdict.delayMs;
  if (hintMs !== undefined) {
    if (hintMs > policy.maxDelayMs) return { retry: false, reason: 'hint-too-long', hintMs };
    if (hintMs > delayMs) delayMs = hintMs;
  }
  if (elapsedMs + delayMs > deadlineMs) return STOP_DEADLINE;
  if (budget === undefined || budget.canRetry()) return { retry: true, delayMs };
  const waitMs = budgetDelayMs(budget);
  // No refill (plain A6), a wait the deadline cannot hold, or no sleep allowed at all: give up.
  if (!(waitMs < Number.POSITIVE_INFINITY)) return STOP_BUDGET;
  if (!(elapsedMs + delayMs + waitMs <= deadlineMs) || !(policy.maxDelayMs > 0)) return STOP_BUDGET;
  // maxDelayMs caps this sleep too; a longer wait goes on in further capped sleeps.
  return { retry: true, delayMs: Math.min(delayMs + waitMs, policy.maxDelayMs), budgetWait: true };
}
