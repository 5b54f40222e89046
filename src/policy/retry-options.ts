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
import type { AdaptiveThrottle } from '../throttle/adaptive-throttle.js';
import type { Clock } from '../time/clock.js';
import type { BackoffOptions } from './backoff.js';

/**
 * Options of one run. Every option accepts `undefined` as "not given", so options can be spread
 * under `exactOptionalPropertyTypes`.
 *
 * @typeParam T - the operation's result type, which `retryIf` receives.
 * @public
 */
export interface RunOptions<T = unknown> {
  /** Aborts the run: it rejects with `signal.reason` within a tick and clears its timer. */
  readonly signal?: AbortSignal | undefined;
  /** A name for events and log lines, e.g. `'S3 upload'`. */
  readonly name?: string | undefined;
  /**
   * Retries on a resolved value of this run when it returns `true`, instead of the retryer's
   * `retryIf`. When the run gives up, it resolves with the last value.
   */
  readonly retryIf?: ((result: T) => boolean) | undefined;
  /**
   * Called when this run gives up, after the retryer's `onGiveUp`, with this run's own history:
   * unlike `retryInfo(error)`, it cannot mix up runs that reject with one shared error (the
   * reason of one aborted signal).
   */
  readonly onGiveUp?: ((event: GiveUpEvent) => void) | undefined;
}

/**
 * How a {@link Retryer} retries. Every option is optional, and accepts `undefined` as "not
 * given" (options can be spread under `exactOptionalPropertyTypes`); the defaults are in brackets.
 *
 * @typeParam T - the result type `retryIf` receives: the operations' results.
 * @public
 */
export interface RetryOptions<T = unknown> extends BackoffOptions {
  /**
   * Total attempts, the first included: an integer ≥ 1, or `Infinity` together with a finite
   * `maxElapsedMs` or `totalTimeoutMs`. @defaultValue 3
   */
  readonly maxAttempts?: number | undefined;
  /**
   * Give up rather than start a sleep that would end past this many ms after the first attempt
   * started. It never cuts an attempt in flight (use `totalTimeoutMs` for that): with 800 ms
   * attempts and 1 s, a run may take 1.6 s. @defaultValue Infinity
   */
  readonly maxElapsedMs?: number | undefined;
  /**
   * A hard limit on the whole run, in ms from its start: attempts, sleeps, budget waits and
   * `beforeRetry` included. When it passes, `ctx.signal` of the attempt in flight aborts and the
   * run rejects at once with a {@link TotalTimeoutError} (reason `'deadline'`); a sleep that would
   * end past it is not started (the run gives up with the last error, as with `maxElapsedMs`).
   */
  readonly totalTimeoutMs?: number | undefined;
  /**
   * Aborts `ctx.signal` of an attempt after this many ms and abandons it, even if the operation
   * ignores its signal. The attempt fails with {@link AttemptTimeoutError}, a retryable failure.
   */
  readonly attemptTimeoutMs?: number | undefined;
  /**
   * Makes the retryer a hedging one (gRPC A6 `hedgingPolicy`): a finite number ≥ 0. Attempt 1
   * starts at once; while no attempt has succeeded, another starts every `hedgeDelayMs`, up to
   * `maxAttempts` in all (which must be finite). The first success wins and every other attempt
   * in flight is aborted through its own `ctx.signal`. A retryable failure starts the next
   * attempt at once (no backoff), a server's delay hint delays it, a non-retryable failure ends
   * the run at once; the budget, `maxElapsedMs`, `totalTimeoutMs`, `attemptTimeoutMs`, the
   * signal and `retryIf` apply as in retries. Cannot be combined with `beforeRetry`.
   *
   * Only for idempotent operations: attempts overlap, so the server may see several at once. See
   * docs/hedging.md. `next()` ignores it (an outside loop runs one attempt at a time).
   *
   * @example
   * ```ts
   * // A read that is usually fast: ask a second replica when the first has not answered in 50 ms.
   * const hedged = new Retryer({ hedgeDelayMs: 50, maxAttempts: 2 });
   * const body = await hedged.run(async ({ signal }) => (await fetch(url, { signal })).text());
   * ```
   * @see https://github.com/grpc/proposal/blob/master/A6-client-retries.md#hedging-policy
   */
  readonly hedgeDelayMs?: number | undefined;
  /** Checked in order; the first verdict wins. @defaultValue defaultClassifiers() */
  readonly classifiers?: readonly Classifier[] | undefined;
  /** The verdict when no marker or classifier decides. @defaultValue 'fail' */
  readonly unknownErrors?: 'fail' | 'retry' | undefined;
  /**
   * Retries on a resolved value when it returns `true`. When the run gives up, it resolves with
   * the last value. Its parameter is the operations' result type: `retry(op, { retryIf })` and a
   * run's own `retryIf` take it from the operation; on a `Retryer`, annotate it
   * (`(job: Job) => job.pending`) and the retryer runs only operations that return a `Job`.
   * It must answer synchronously with a boolean: a throw, a Promise or any other answer rejects
   * the run (a `TypeError` for a non-boolean).
   */
  readonly retryIf?: ((result: T) => boolean) | undefined;
  /** A shared retry budget; when it refuses, the run gives up with reason `'budget'`. */
  readonly budget?: RetryBudget | undefined;
  /**
   * A shared {@link AdaptiveThrottle} (one per downstream service): before every attempt, the
   * first included, the throttle may reject the call locally while the service sheds load; the
   * run then fails at once with a `ThrottledLocallyError`, reason `'throttled-locally'`. Each
   * outcome is reported to it (a `throttled` verdict as a throttle, anything else as an accept).
   */
  readonly throttle?: AdaptiveThrottle | undefined;
  /** Aborts every run of this retryer. */
  readonly signal?: AbortSignal | undefined;
  /** Injected time. @defaultValue systemClock */
  readonly clock?: Clock | undefined;
  /** Injected randomness in [0, 1). @defaultValue Math.random */
  readonly random?: (() => number) | undefined;
  /** Called before each sleep. A throwing hook breaks nothing. */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /**
   * Awaited after each sleep, before the next attempt: refresh a token or a presigned URL there.
   * It may be async; its time counts in the run's elapsed time, and an abort or `totalTimeoutMs`
   * ends the run without waiting for it (its `signal` aborts too). If it throws or rejects, the
   * run stops and rejects with that error (reason `'non-retryable'`), as p-retry's
   * `onFailedAttempt` does. Not called by `next()`, whose caller does the waiting. Not allowed
   * with `hedgeDelayMs` (a `TypeError` at construction): hedges have no sleep before them.
   */
  readonly beforeRetry?: ((event: BeforeRetryEvent) => unknown) | undefined;
  /** Called when a run gives up. */
  readonly onGiveUp?: ((event: GiveUpEvent) => void) | undefined;
  /** Called when a run succeeds. */
  readonly onSuccess?: ((event: SuccessEvent) => void) | undefined;
  /** Where to write log lines; `console` fits. */
  readonly logger?: RetryLogger | undefined;
  /** A default name for runs. */
  readonly name?: string | undefined;
}
