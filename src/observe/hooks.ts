/**
 * Calling user hooks and loggers so that nothing they do — throw, return a rejected promise — can
 * break a run or surface as an unhandled rejection.
 */

import { describeError, isThenable } from '../classify/inspect.js';
import type { GiveUpEvent, LogFields, RetryEvent, RetryLogger, SuccessEvent } from './events.js';
import { redact } from './redact.js';

function noop(): void {}

/**
 * Swallows a rejection of what a hook, logger or sink returned, so that an async one that fails
 * never surfaces as an unhandled rejection; a `then` that throws is swallowed too.
 */
export function ignoreRejection(result: unknown): void {
  try {
    if (isThenable(result)) Promise.resolve(result).then(noop, noop);
  } catch {
    // A hostile thenable (a throwing `then` getter) breaks nothing either.
  }
}

/** Calls `hook(event)`, swallowing whatever it throws or rejects with. */
export function callHook<E>(hook: ((event: E) => unknown) | undefined, event: E): void {
  if (hook === undefined) return;
  try {
    ignoreRejection(hook(event));
  } catch {
    // A throwing hook never breaks a run.
  }
}

function log(
  logger: RetryLogger | undefined,
  level: keyof RetryLogger,
  message: string,
  fields: LogFields,
): void {
  if (logger === undefined) return;
  try {
    const method = logger[level];
    if (typeof method === 'function') ignoreRejection(method.call(logger, message, fields));
  } catch {
    // A throwing logger never breaks a run.
  }
}

/**
 * The error as a redacted one-liner for log fields; none for `undefined` (a give-up on a value
 * that `retryIf` matched has no error).
 */
function errorText(error: unknown): string | undefined {
  return error === undefined ? undefined : redact(describeError(error));
}

export function logRetry(
  logger: RetryLogger | undefined,
  event: RetryEvent,
  maxAttempts: number,
): void {
  if (logger === undefined) return;
  log(logger, 'warn', 'operation failed, retrying', {
    operation: event.name,
    attempt: event.attempt,
    max_attempts: maxAttempts,
    delay_ms: Math.round(event.delayMs),
    reason: event.verdict.reason,
    throttled: event.verdict.throttled === true ? true : undefined,
    error: errorText(event.error),
  });
}

export function logSuccess(logger: RetryLogger | undefined, event: SuccessEvent): void {
  if (logger === undefined || event.attempts < 2) return;
  log(logger, 'info', 'operation succeeded after retry', {
    operation: event.name,
    attempt: event.attempts,
    total_attempts: event.attempts,
    elapsed_ms: Math.round(event.elapsedMs),
  });
}

export function logGiveUp(logger: RetryLogger | undefined, event: GiveUpEvent): void {
  if (logger === undefined) return;
  log(logger, 'error', `operation failed after ${event.attempts} attempts`, {
    operation: event.name,
    attempts: event.attempts,
    reason: event.reason,
    elapsed_ms: Math.round(event.elapsedMs),
    error: errorText(event.error),
  });
}

/** A run that the retry budget keeps waiting before its next attempt. */
export function logBudgetWait(
  logger: RetryLogger | undefined,
  name: string | undefined,
  attempt: number,
  waitMs: number,
): void {
  if (logger === undefined) return;
  log(logger, 'debug', 'waiting for retry budget', {
    operation: name,
    attempt,
    wait_ms: Math.round(waitMs),
  });
}
