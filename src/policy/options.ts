/** The options of a Retryer: types, defaults, and validation at construction. */

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
import type { Jitter } from './backoff.js';
import {
  attempts,
  budgetOption,
  classifierList,
  clockOption,
  elapsedLimit,
  hedgeDelay,
  jitter,
  loggerOption,
  nameOption,
  positiveLimit,
  signalOption,
  throttleOption,
} from './option-checks.js';
import { rejectUnknownOptions } from './option-names.js';
import type { RetryOptions } from './retry-options.js';
import { nonNegative, oneOf, optionalFunction, requireNumber, show, typeName } from './validate.js';

/** The validated options, with defaults filled in. */
export interface Policy {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  readonly jitter: Jitter;
  readonly maxElapsedMs: number;
  readonly totalTimeoutMs: number | undefined;
  readonly attemptTimeoutMs: number | undefined;
  /** Set: the run hedges (see hedge.ts). */
  readonly hedgeDelayMs: number | undefined;
  readonly classifiers: readonly Classifier[];
  readonly unknownErrors: 'fail' | 'retry';
  readonly retryIf: ((result: unknown) => boolean) | undefined;
  readonly budget: RetryBudget | undefined;
  readonly throttle: AdaptiveThrottle | undefined;
  readonly signal: AbortSignal | undefined;
  readonly clock: Clock;
  readonly random: () => number;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
  readonly beforeRetry: ((event: BeforeRetryEvent) => unknown) | undefined;
  readonly onGiveUp: ((event: GiveUpEvent) => void) | undefined;
  readonly onSuccess: ((event: SuccessEvent) => void) | undefined;
  readonly logger: RetryLogger | undefined;
  readonly name: string | undefined;
  /** `true` when a first-try success needs no bookkeeping at all. */
  readonly plainSuccess: boolean;
}

/** Validates `options` and fills in the defaults; throws `TypeError`/`RangeError` naming the option. */
export function resolvePolicy(options: RetryOptions<never> = {}): Policy {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${typeName(options)}`);
  }
  rejectUnknownOptions(options);
  const maxElapsedMs = elapsedLimit(options.maxElapsedMs);
  const totalTimeoutMs = positiveLimit('totalTimeoutMs', options.totalTimeoutMs);
  const maxAttempts = attempts(
    options.maxAttempts,
    Math.min(maxElapsedMs, totalTimeoutMs ?? Infinity),
  );
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
    // Below initialDelayMs it caps the first delay too (documented on BackoffOptions).
    maxDelayMs: nonNegative('maxDelayMs', options.maxDelayMs, 30_000),
    multiplier,
    jitter: jitter(options.jitter),
    maxElapsedMs,
    totalTimeoutMs,
    attemptTimeoutMs: positiveLimit('attemptTimeoutMs', options.attemptTimeoutMs),
    hedgeDelayMs: hedgeDelay(options.hedgeDelayMs, maxAttempts, options.beforeRetry),
    classifiers: classifierList(options.classifiers),
    unknownErrors: oneOf('unknownErrors', options.unknownErrors, ['fail', 'retry'], 'fail'),
    retryIf,
    budget,
    throttle: throttleOption(options.throttle),
    signal: signalOption(options.signal),
    clock: clockOption(options.clock),
    random: optionalFunction<() => number>('random', options.random) ?? Math.random,
    onRetry: optionalFunction<(event: RetryEvent) => void>('onRetry', options.onRetry),
    beforeRetry: optionalFunction<(event: BeforeRetryEvent) => unknown>(
      'beforeRetry',
      options.beforeRetry,
    ),
    onGiveUp: optionalFunction<(event: GiveUpEvent) => void>('onGiveUp', options.onGiveUp),
    onSuccess,
    logger: loggerOption(options.logger),
    name: nameOption('name', options.name),
    plainSuccess: retryIf === undefined && onSuccess === undefined && budget === undefined,
  });
}
