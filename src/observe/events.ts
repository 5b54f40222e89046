/** What retrywise tells hooks and loggers. */

import type { Verdict } from '../classify/verdict.js';
import type { RetryInfo } from './retry-info.js';

/**
 * What an operation is told about its attempt.
 *
 * @public
 */
export interface AttemptContext {
  /** This attempt, counting from 1. */
  readonly attempt: number;
  /**
   * Aborts when the run's signal aborts or this attempt's `attemptTimeoutMs` passes. Pass it on to
   * `fetch`, the SDKs and gRPC so that abandoned attempts stop their I/O.
   */
  readonly signal: AbortSignal;
  /** Time since the first attempt started, on the retryer's clock. */
  readonly elapsedMs: number;
  /** The run's `name`, if any. */
  readonly name: string | undefined;
}

/**
 * A failed attempt that will be retried after `delayMs`.
 *
 * @public
 */
export interface RetryEvent {
  /**
   * The attempt that failed, counting from 1. For a hedge started because no attempt answered
   * within `hedgeDelayMs`: the latest attempt, still in flight.
   */
  readonly attempt: number;
  /** Attempts still allowed after this one by `maxAttempts` (`Infinity` when unlimited). */
  readonly attemptsLeft: number;
  /**
   * What it failed with (the inner error of a marker); `undefined` when `retryIf` matched the
   * value the attempt resolved with, or for a hedge started because no attempt answered in time.
   */
  readonly error: unknown;
  /** The delay before the next attempt. */
  readonly delayMs: number;
  /** Why it is retried; for a hedge started on time, `{ retryable: true, reason: 'hedge' }`. */
  readonly verdict: Verdict;
  /**
   * `true` in a hedging run (`hedgeDelayMs`): the next attempt starts after `delayMs` (0, or a
   * server's hint) while earlier attempts may still be in flight. Absent otherwise.
   */
  readonly hedge?: true | undefined;
  /** Time since the first attempt started, on the retryer's clock. */
  readonly elapsedMs: number;
  /** The run's `name`, if any. */
  readonly name: string | undefined;
}

/**
 * What `beforeRetry` is told: the failure that is being retried, and the run's signal.
 *
 * @public
 */
export interface BeforeRetryEvent extends RetryEvent {
  /** Aborts when the run aborts or `totalTimeoutMs` passes: pass it on to your own I/O. */
  readonly signal: AbortSignal;
}

/**
 * A run that stopped retrying: its history (what `retryInfo(error)` tells: `attempts`, `errors`,
 * `elapsedMs`, `reason`), the error it rejects with, and its name.
 *
 * @public
 */
export interface GiveUpEvent extends RetryInfo {
  /**
   * The error the run rejects with: the last error, the signal's reason when aborted, or a
   * `TotalTimeoutError`; `undefined` when a run that `retryIf` kept retrying resolves with its
   * last value (then `result` holds that value).
   */
  readonly error: unknown;
  /**
   * Present when the run resolves with the last value, which `retryIf` still matched after the
   * run's limits ran out: that value. Such a give-up is not a failure (the run resolves).
   */
  readonly result?: unknown;
  /** With reason `'hint-too-long'`: the delay in ms the server asked for. */
  readonly hintMs?: number | undefined;
  /** The run's `name`, if any. */
  readonly name: string | undefined;
}

/**
 * A run that succeeded.
 *
 * @public
 */
export interface SuccessEvent {
  /** Attempts made, the successful one included. */
  readonly attempts: number;
  /** Time since the first attempt started, on the retryer's clock. */
  readonly elapsedMs: number;
  /** The run's `name`, if any. */
  readonly name: string | undefined;
}

/**
 * Structured fields of a log line. Error texts in them are redacted.
 *
 * @public
 */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Where retrywise writes its log lines; `console` fits. Each method is optional.
 *
 * Lines: `warn('operation failed, retrying', …)`, `info('operation succeeded after retry', …)`,
 * and one line per give-up, at a level chosen on purpose: `error` when retrying ran out
 * (`attempts`, `deadline`, `hint-too-long`, `budget`); `warn` for a permanent error met after
 * retries, a run that resolves with a value `retryIf` still matched, or a call the throttle
 * rejected locally (`throttled-locally`); `info` for a permanent
 * error on the first attempt (no retry was involved: the caller gets the error and logs it as it
 * sees fit) and for an abort. The table is in docs/fleet.md.
 *
 * @public
 */
export interface RetryLogger {
  /**
   * `waiting for retry budget` (a budget that refills with time keeps a run waiting);
   * `no result yet, hedging` (a hedging run starts another attempt on time).
   */
  debug?(message: string, fields: LogFields): void;
  /** `operation succeeded after retry` (only when a retry was needed). */
  info?(message: string, fields: LogFields): void;
  /** `operation failed, retrying`, before each sleep (`…, hedging` in a hedging run). */
  warn?(message: string, fields: LogFields): void;
  /** `operation failed after N attempts`, when a run gives up. */
  error?(message: string, fields: LogFields): void;
}
