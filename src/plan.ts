/**
 * After a classified failure: retry after how long, or stop and why. Shared by `run` and `next`,
 * so both follow the same schedule, limits and budget.
 */
import { backoffDelay } from './backoff.js';
import type { Policy } from './options.js';
import type { GiveUpReason } from './retry-info.js';
import type { Verdict } from './verdict.js';

/** The decision for one failure. */
export type Plan =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: GiveUpReason };

const STOP_NON_RETRYABLE: Plan = { retry: false, reason: 'non-retryable' };
const STOP_ATTEMPTS: Plan = { retry: false, reason: 'attempts' };
const STOP_DEADLINE: Plan = { retry: false, reason: 'deadline' };
const STOP_BUDGET: Plan = { retry: false, reason: 'budget' };

/**
 * Decides what follows failed attempt `attempt` (counting from 1) `elapsedMs` after the first
 * attempt started. `deadlineMs` (elapsed-time terms) is the tighter of `maxElapsedMs` and a
 * per-run deadline. A retryable failure costs the budget a token.
 */
export function planRetry(
  policy: Policy,
  verdict: Verdict,
  attempt: number,
  elapsedMs: number,
  previousDelayMs: number | undefined,
  deadlineMs: number = policy.maxElapsedMs,
): Plan {
  if (!verdict.retryable) return STOP_NON_RETRYABLE;
  policy.budget?.recordFailure();
  if (attempt >= policy.maxAttempts) return STOP_ATTEMPTS;
  let delayMs = backoffDelay(attempt, policy, policy.random, previousDelayMs);
  const hintMs = verdict.delayMs;
  if (hintMs !== undefined) {
    if (hintMs > policy.maxDelayMs) return STOP_DEADLINE;
    if (hintMs > delayMs) delayMs = hintMs;
  }
  if (elapsedMs + delayMs > deadlineMs) return STOP_DEADLINE;
  if (policy.budget !== undefined && !policy.budget.canRetry()) return STOP_BUDGET;
  return { retry: true, delayMs };
}
