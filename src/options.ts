/** The options of a Retryer: types, defaults, and validation at construction. */
import type { BackoffOptions, Jitter } from './backoff.js';
import type { RetryBudget } from './budget.js';
import type { Clock } from './clock.js';
import type { GiveUpEvent, RetryEvent, RetryLogger, SuccessEvent } from './events.js';
import {
  attempts,
  attemptTimeout,
  budgetOption,
  classifierList,
  clockOption,
  elapsedLimit,
  jitter,
  loggerOption,
  nameOption,
  signalOption,
} from './option-checks.js';
import { rejectUnknownOptions } from './option-names.js';
import { nonNegative, oneOf, optionalFunction, requireNumber, show, typeName } from './validate.js';
import type { Classifier } from './verdict.js';

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
   * `maxElapsedMs`. @defaultValue 3
   */
  readonly maxAttempts?: number;
  /**
   * Give up rather than start a sleep that would end past this many ms after the first attempt
   * started. @defaultValue Infinity
   */
  readonly maxElapsedMs?: number;
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
  /** Called when a run gives up. */
  readonly onGiveUp?: (event: GiveUpEvent) => void;
  /** Called when a run succeeds. */
  readonly onSuccess?: (event: SuccessEvent) => void;
  /** Where to write log lines; `console` fits. */
  readonly logger?: RetryLogger;
  /** A default name for runs. */
  readonly name?: string;
}

/** The validated options, with defaults filled in. */
export interface Policy {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  readonly jitter: Jitter;
  readonly maxElapsedMs: number;
  readonly attemptTimeoutMs: number | undefined;
  readonly classifiers: readonly Classifier[];
  readonly unknownErrors: 'fail' | 'retry';
  readonly retryIf: ((result: unknown) => boolean) | undefined;
  readonly budget: RetryBudget | undefined;
  readonly signal: AbortSignal | undefined;
  readonly clock: Clock;
  readonly random: () => number;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
  readonly onGiveUp: ((event: GiveUpEvent) => void) | undefined;
  readonly onSuccess: ((event: SuccessEvent) => void) | undefined;
  readonly logger: RetryLogger | undefined;
  readonly name: string | undefined;
  /** `true` when a first-try success needs no bookkeeping at all. */
  readonly plainSuccess: boolean;
}

/** Validates `options` and fills in the defaults; throws `TypeError`/`RangeError` naming the option. */
export function resolvePolicy(options: RetryOptions = {}): Policy {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${typeName(options)}`);
  }
  rejectUnknownOptions(options);
  const maxElapsedMs = elapsedLimit(options.maxElapsedMs);
  const maxAttempts = attempts(options.maxAttempts, maxElapsedMs);
  const multiplier =
    options.multiplier === undefined ? 2 : requireNumber('multiplier', options.multiplier);
  if (!(Number.isFinite(multiplier) && multiplier >= 1)) {
    throw new RangeError(`multiplier must be a finite number ≥ 1, got ${show(multiplier)}`);
  }
  const retryIf = optionalFunction<(result: unknown) => boolean>('retryIf', options.retryIf);
  const onSuccess = optionalFunction<(event: SuccessEvent) => void>('onSuccess', options.onSuccess);
  const budget = budgetOption(options.budget);
  return Object.freeze({
    maxAttempts,
    initialDelayMs: nonNegative('initialDelayMs', options.initialDelayMs, 1000),
    maxDelayMs: nonNegative('maxDelayMs', options.maxDelayMs, 30_000),
    multiplier,
    jitter: jitter(options.jitter),
    maxElapsedMs,
    attemptTimeoutMs: attemptTimeout(options.attemptTimeoutMs),
    classifiers: classifierList(options.classifiers),
    unknownErrors: oneOf('unknownErrors', options.unknownErrors, ['fail', 'retry'], 'fail'),
    retryIf,
    budget,
    signal: signalOption(options.signal),
    clock: clockOption(options.clock),
    random: optionalFunction<() => number>('random', options.random) ?? Math.random,
    onRetry: optionalFunction<(event: RetryEvent) => void>('onRetry', options.onRetry),
    onGiveUp: optionalFunction<(event: GiveUpEvent) => void>('onGiveUp', options.onGiveUp),
    onSuccess,
    logger: loggerOption(options.logger),
    name: nameOption('name', options.name),
    plainSuccess: retryIf === undefined && onSuccess === undefined && budget === undefined,
  });
}
