/**
 * `retrywise`: retry only what can succeed. The {@link Retryer} and {@link retry}, the explicit
 * markers, {@link retryInfo}, the classifiers, the backoff schedule, the clock, the retry budget
 * and observability. Adapters are in `retrywise/grpc`, `retrywise/aws` and `retrywise/azure`;
 * `FakeClock` is in `retrywise/testing`.
 *
 * @module retrywise
 */
// The public surface: named re-exports only; nothing else is public.

// The retryer
export { Retryer } from './retryer.js';
export { retry } from './retry.js';
export type { RetryOptions, RunOptions } from './policy/retry-options.js';
export type { RetryState, RetryStep } from './step.js';
export type {
  AttemptContext,
  BeforeRetryEvent,
  GiveUpEvent,
  RetryEvent,
  SuccessEvent,
} from './observe/events.js';
export { AttemptTimeoutError } from './run/attempt-timeout-error.js';
export { TotalTimeoutError } from './run/total-timeout-error.js';

// Explicit markers and the history of a give-up
export { NonRetryableError, nonRetryable, RetryableError, retryable } from './classify/markers.js';
export { retryInfo } from './observe/retry-info.js';
export type { GiveUpReason, RetryInfo } from './observe/retry-info.js';

// Classification
export { HttpError } from './classify/http-error.js';
export type { HttpErrorOptions, HttpResponseLike } from './classify/http-error.js';
export type { Classifier, ClassifyContext, Verdict } from './classify/verdict.js';
export { defaultClassifiers } from './classify/classifiers/default.js';
export { grpcClassifier, grpcPresets } from './classify/classifiers/grpc.js';
export type { GrpcClassifierOptions } from './classify/classifiers/grpc.js';
export { httpClassifier } from './classify/classifiers/http.js';
export type { HttpClassifierOptions } from './classify/classifiers/http.js';
export { networkClassifier } from './classify/classifiers/network.js';
export { cloudThrottlingClassifier } from './classify/classifiers/cloud.js';

// Backoff and time
export { backoffDelay } from './policy/backoff.js';
export type { BackoffOptions, Jitter } from './policy/backoff.js';
export { systemClock } from './time/clock.js';
export type { Clock } from './time/clock.js';

// Fleet safety
export { RetryBudget } from './budget/retry-budget.js';
export type { RetryBudgetOptions } from './budget/retry-budget.js';
export { AdaptiveThrottle } from './throttle/adaptive-throttle.js';
export type { AdaptiveThrottleOptions } from './throttle/adaptive-throttle.js';
export { ThrottledLocallyError } from './throttle/throttled-locally-error.js';

// Observability
export type { LogFields, RetryLogger } from './observe/events.js';
export { lineLogger } from './observe/line-logger.js';
export type { LineLoggerOptions } from './observe/line-logger.js';
export { retryStats } from './observe/stats.js';
export type { RetryStats, RetryStatsHooks, RetryStatsSnapshot } from './observe/stats.js';
