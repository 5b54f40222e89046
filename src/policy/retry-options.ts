/** The options a user passes: to `new Retryer(options)` and to `run(operation, options)`. */
import type { RetryBudget } from '../budget/retry-budget.js';
import type { Classifier } from '../classify/verdict.js';
import type {
  BeforeRetryEvent,
  GiveUpEvent,
  RetryEvent,
  RetryLogger,
  SuccessEvent,
} from '../observe/events.js';
import type { Clock } from '../time/clock.js';
import type { BackoffOptions } from './backoff.js';

/**
 * Options of one run.
 *
 * @public
 */
export interface RunOptions {
  /** Aborts the run: it rejects with `signal.reason` within a tick and clears its timer. */
  readonly signal?: AbortSignal;
  /** A name for events and log lines, e.g. `'S3 upload'`. */
  readonly name?: string;
}

/**
 * How a {@link Retryer} retries. Every option is optional; the defaults are in brackets.
 *
 * @public
 */
export interface RetryOptions extends BackoffOptions {
  /**
   * Total attempts, the first included: an integer ≥ 1, or `Infinity` together with a finite
   * `maxElapsedMs` or `totalTimeoutMs`. @defaultValue 3
   */
  readonly maxAttempts?: number;
  /**
   * Give up rather than start a sleep that would end past this many ms after the first attempt
   * started. It never cuts an attempt in flight (use `totalTimeoutMs` for that): with 800 ms
   * attempts and 1 s, a run may take 1.6 s. @defaultValue Infinity
   */
  readonly maxElapsedMs?: number;
  /**
   * A hard limit on the whole run, in ms from its start: attempts, sleeps, budget waits and
   * `beforeRetry` included. When it passes, `ctx.signal` of the attempt in flight aborts and the
   * run rejects at once with a {@link TotalTimeoutError} (reason `'deadline'`); a sleep that would
   * end past it is not started (the run gives up with the last error, as with `maxElapsedMs`).
   */
  readonly totalTimeoutMs?: number;
  /**
   * Aborts `ctx.signal` of an attempt after this many ms and abandons it, even if the operation
   * ignores its signal. The attempt fails with {@link AttemptTimeoutError}, a retryable failure.
   */
  readonly attemptTimeoutMs?: number;
  /** Checked in order; the first verdict wins. @defaultValue defaultClassifiers() */
  readonly classifiers?: readonly Classifier[];
  /** The verdict when no marker or classifier decides. @defaultValue 'fail' */
  readonly unknownErrors?: 'fail' | 'retry';
  /**
   * Retries on a resolved value when it returns `true`. When the run gives up, it resolves with
   * the last value.
   */
  readonly retryIf?: (result: never) => boolean;
  /** A shared retry budget; when it refuses, the run gives up with reason `'budget'`. */
  readonly budget?: RetryBudget;
  /** Aborts every run of this retryer. */
  readonly signal?: AbortSignal;
  /** Injected time. @defaultValue systemClock */
  readonly clock?: Clock;
  /** Injected randomness in [0, 1). @defaultValue Math.random */
  readonly random?: () => number;
  /** Called before each sleep. A throwing hook breaks nothing. */
  readonly onRetry?: (event: RetryEvent) => void;
  /**
   * Awaited after each sleep, before the next attempt: refresh a token or a presigned URL there.
   * It may be async; its time counts in the run's elapsed time, and an abort or `totalTimeoutMs`
   * ends the run without waiting for it (its `signal` aborts too). If it throws or rejects, the
   * run stops and rejects with that error (reason `'non-retryable'`), as p-retry's
   * `onFailedAttempt` does. Not called by `next()`, whose caller does the waiting.
   */
  readonly beforeRetry?: (event: BeforeRetryEvent) => unknown;
  /** Called when a run gives up. */
  readonly onGiveUp?: (event: GiveUpEvent) => void;
  /** Called when a run succeeds. */
  readonly onSuccess?: (event: SuccessEvent) => void;
  /** Where to write log lines; `console` fits. */
  readonly logger?: RetryLogger;
  /** A default name for runs. */
  readonly name?: string;
}
