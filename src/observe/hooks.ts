/**
 * Calling user hooks and loggers so that nothing they do — throw, return a rejected promise — can
 * break a run or surface as an unhandled rejection.
 */

import { HEDGE_DUE, RESULT_MATCHED } from '../classify/classify.js';
import { describeError, ignoreRejection } from '../classify/inspect.js';
import type { GiveUpEvent, LogFields, RetryEvent, RetryLogger, SuccessEvent } from './events.js';
import { logText } from './log-text.js';

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
  fields: Record<string, string | number | boolean | undefined>,
): void {
  if (logger === undefined) return;
  try {
    const method = logger[level];
    if (typeof method === 'function') {
      ignoreRejection(method.call(logger, message, defined(fields)));
    }
  } catch {
    // A throwing logger never breaks a run.
  }
}

/**
 * `fields` without the keys whose value is `undefined` (`throttled: undefined` is noise), each text
 * redacted, cut and escaped ({@link logText}): the error, the reason, the run's name.
 */
function defined(fields: Record<string, string | number | boolean | undefined>): LogFields {
  const out: Record<string, string | number | boolean> = {};
  for (const key in fields) {
    const value = fields[key];
    if (value !== undefined) out[key] = typeof value === 'string' ? logText(value) : value;
  }
  return out;
}

/** The error as a one-liner for log fields (`Name: message`); none for `undefined`. */
function errorText(error: unknown): string | undefined {
  return error === undefined ? undefined : describeError(error);
}

/** `1 attempt`, `3 attempts`. */
function attempts(n: number): string {
  return n === 1 ? '1 attempt' : `${n} attempts`;
}

/** `warn`: each retry, before its sleep; `debug` for a hedge started on time. */
export function logRetry(
  logger: RetryLogger | undefined,
  event: RetryEvent,
  maxAttempts: number,
): void {
  if (logger === undefined) return;
  // A hedge started on time is the plan working, not a failure: debug, not warn.
  const level = event.verdict === HEDGE_DUE ? 'debug' : 'warn';
  log(logger, level, retryMessage(event), {
    operation: event.name,
    attempt: event.attempt,
    max_attempts: maxAttempts,
    delay_ms: Math.round(event.delayMs),
    reason: event.verdict.reason,
    throttled: event.verdict.throttled === true ? true : undefined,
    hedge: event.hedge,
    error: errorText(event.error),
  });
}

function retryMessage(event: RetryEvent): string {
  const { verdict } = event;
  if (verdict === HEDGE_DUE) return 'no result yet, hedging';
  const retrying = event.hedge === true ? 'hedging' : 'retrying';
  if (event.error === undefined && verdict === RESULT_MATCHED) {
    return `operation result matched retryIf, ${retrying}`;
  }
  return `operation failed, ${retrying}`;
}

/** `info`: a success that needed a retry (a first-try success is not logged). */
export function logSuccess(logger: RetryLogger | undefined, event: SuccessEvent): void {
  if (logger === undefined || event.attempts < 2) return;
  log(logger, 'info', 'operation succeeded after retry', {
    operation: event.name,
    attempt: event.attempts,
    total_attempts: event.attempts,
    elapsed_ms: Math.round(event.elapsedMs),
  });
}

/**
 * The level of a give-up, on purpose: `error` when retrying ran out (attempts, deadline, budget,
 * a hint too long), which is what an operator must see; `warn` for a permanent error met after
 * retries, and for a run that resolves with a value `retryIf` still matched; `info` for a
 * permanent error on the first attempt (no retry was involved: the caller handles it) and for an
 * abort (a shutdown or a caller that gave up); `warn` for a call the adaptive throttle rejected
 * locally (load shedding by design: at `error` an overload would flood the log).
 */
function giveUpLevel(event: GiveUpEvent): keyof RetryLogger {
  if ('result' in event) return 'warn';
  if (event.reason === 'aborted') return 'info';
  if (event.reason === 'throttled-locally') return 'warn';
  if (event.reason === 'non-retryable') return event.attempts > 1 ? 'warn' : 'info';
  return 'error';
}

function giveUpMessage(event: GiveUpEvent): string {
  const n = attempts(event.attempts);
  if ('result' in event) return `operation gave up after ${n}, resolving with the last result`;
  if (event.reason === 'aborted') {
    return event.attempts === 0
      ? 'operation aborted before its first attempt'
      : `operation aborted after ${n}`;
  }
  if (event.reason === 'throttled-locally') {
    return event.attempts === 0
      ? 'operation rejected locally before its first attempt'
      : `operation rejected locally after ${n}`;
  }
  return `operation failed after ${n}`;
}

/** A run that gave up: see {@link giveUpLevel} for the levels. */
export function logGiveUp(
  logger: RetryLogger | undefined,
  event: GiveUpEvent,
  maxDelayMs: number,
): void {
  if (logger === undefined) return;
  const hinted = event.hintMs !== undefined;
  log(logger, giveUpLevel(event), giveUpMessage(event), {
    operation: event.name,
    attempts: event.attempts,
    reason: event.reason,
    elapsed_ms: Math.round(event.elapsedMs),
    hint_ms: hinted ? Math.round(event.hintMs as number) : undefined,
    max_delay_ms: hinted ? maxDelayMs : undefined,
    error: errorText(event.error),
  });
}

/** `debug`: a run that the retry budget keeps waiting before its next attempt. */
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
