/**
 * `Retryer.next`: the retry decision for loops that live outside the library, such as a
 * reconciler that returns "requeue after N ms". State travels as plain JSON.
 */
import { classify } from './classify/classify.js';
import { unwrapMarker } from './classify/markers.js';
import { callHook, logRetry } from './observe/hooks.js';
import { reportGiveUp } from './observe/report.js';
import type { GiveUpReason } from './observe/retry-info.js';
import type { Policy } from './policy/options.js';
import { planRetry } from './policy/plan.js';
import { requireNumber, show, typeName } from './policy/validate.js';

/**
 * The state of an external retry loop, as plain JSON. Store it between attempts and pass it back.
 *
 * @public
 */
export interface RetryState {
  /** Attempts made so far, the one that produced the last error included; 0 before the first. */
  readonly attempt: number;
  /** `clock.now()` when the first attempt started. */
  readonly firstAttemptAt: number;
  /** The delay the previous step chose. */
  readonly lastDelayMs?: number | undefined;
  /** When the next attempt is due (`clock.now()` terms); skip attempts triggered before it. */
  readonly retryAt?: number | undefined;
}

/**
 * One decision of {@link Retryer.next}.
 *
 * @public
 */
export type RetryStep =
  | {
      /** Retry: wait `delayMs`, then make the next attempt. */
      readonly retry: true;
      /** How long to wait before the next attempt. */
      readonly delayMs: number;
      /** When the next attempt is due, in `clock.now()` terms. */
      readonly retryAt: number;
      /** Why the error is retried (the verdict's reason). */
      readonly reason: string;
      /** Store it, and pass it to the next call of `next`. */
      readonly state: RetryState;
    }
  | {
      /** Give up: the error is final. */
      readonly retry: false;
      /** Why the loop should stop retrying. */
      readonly reason: GiveUpReason;
      /** The state after this attempt, for the record. */
      readonly state: RetryState;
    };

/** The step for `error`, given the state of the previous step. */
export function nextStep(policy: Policy, error: unknown, state: RetryState | undefined): RetryStep {
  const now = policy.clock.now();
  const previous = state === undefined ? undefined : checkState(state);
  const attempt = (previous?.attempt ?? 0) + 1;
  const firstAttemptAt = previous?.firstAttemptAt ?? now;
  const elapsedMs = Math.max(0, now - firstAttemptAt);
  const name = policy.name;
  const inner = unwrapMarker(error);
  const lastDelayMs = previous?.lastDelayMs;
  const stop = (reason: GiveUpReason, hintMs?: number): RetryStep => {
    const event = { attempts: attempt, error: inner, reason, elapsedMs, name };
    reportGiveUp(policy, hintMs === undefined ? event : { ...event, hintMs }, [inner]);
    const kept: RetryState =
      lastDelayMs === undefined
        ? { attempt, firstAttemptAt }
        : { attempt, firstAttemptAt, lastDelayMs };
    return { retry: false, reason, state: kept };
  };
  if (policy.signal?.aborted) return stop('aborted');
  const verdict = classify(error, policy, { attempt, now });
  const plan = planRetry(policy, verdict, attempt, elapsedMs, lastDelayMs);
  if (!plan.retry) return stop(plan.reason, plan.hintMs);
  const attemptsLeft = policy.maxAttempts - attempt;
  const { delayMs } = plan;
  const event = { attempt, attemptsLeft, error: inner, delayMs, verdict, elapsedMs, name };
  callHook(policy.onRetry, event);
  logRetry(policy.logger, event, policy.maxAttempts);
  const retryAt = now + plan.delayMs;
  return {
    retry: true,
    delayMs: plan.delayMs,
    retryAt,
    reason: verdict.reason,
    state: { attempt, firstAttemptAt, lastDelayMs: plan.delayMs, retryAt },
  };
}

function checkState(state: RetryState): RetryState {
  if (typeof state !== 'object' || state === null) {
    throw new TypeError(`state must be a RetryState object, got ${typeName(state)}`);
  }
  const attempt = requireNumber('state.attempt', state.attempt);
  if (!(Number.isInteger(attempt) && attempt >= 0)) {
    throw new RangeError(`state.attempt must be an integer ≥ 0, got ${show(attempt)}`);
  }
  const firstAttemptAt = requireNumber('state.firstAttemptAt', state.firstAttemptAt);
  if (!Number.isFinite(firstAttemptAt)) {
    throw new RangeError(
      `state.firstAttemptAt must be a finite number, got ${show(firstAttemptAt)}`,
    );
  }
  if (state.lastDelayMs !== undefined) {
    const last = requireNumber('state.lastDelayMs', state.lastDelayMs);
    if (!(Number.isFinite(last) && last >= 0)) {
      throw new RangeError(`state.lastDelayMs must be a finite number ≥ 0, got ${show(last)}`);
    }
  }
  if (state.retryAt !== undefined) {
    const retryAt = requireNumber('state.retryAt', state.retryAt);
    if (!Number.isFinite(retryAt)) {
      throw new RangeError(`state.retryAt must be a finite number, got ${show(retryAt)}`);
    }
  }
  return state;
}
