/** `retryer`: retry only what can succeed. Named re-exports only; nothing else is public. */

// The retryer
export { Retryer } from './retryer.js';
export { retry } from './retry.js';
export type { RetryOptions, RunOptions } from './options.js';
export type { RetryState, RetryStep } from './step.js';
export type { AttemptContext, GiveUpEvent, RetryEvent, SuccessEvent } from './events.js';
export { AttemptTimeoutError } from './attempt-timeout-error.js';

// Explicit markers and the history of a give-up
export { NonRetryableError, nonRetryable, RetryableError, retryable } from './markers.js';
export { retryInfo } from './retry-info.js';
export type { GiveUpReason, RetryInfo } from './retry-info.js';

// Classification
export type { Classifier, ClassifyContext, Verdict } from './verdict.js';
export { defaultClassifiers } from './classifiers/default.js';
export { grpcClassifier, grpcPresets } from './classifiers/grpc.js';
export type { GrpcClassifierOptions } from './classifiers/grpc.js';
export { httpClassifier } from './classifiers/http.js';
export type { HttpClassifierOptions } from './classifiers/http.js';
export { networkClassifier } from './classifiers/network.js';
export { cloudThrottlingClassifier } from './classifiers/cloud.js';

// Backoff and time
export { backoffDelay } from './backoff.js';
export type { BackoffOptions, Jitter } from './backoff.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';

// Fleet safety
export { RetryBudget } from './budget.js';
export type { RetryBudgetOptions } from './budget.js';

// Observability
export type { LogFields, RetryLogger } from './events.js';
export { lineLogger } from './line-logger.js';
export type { LineLoggerOptions } from './line-logger.js';
export { retryStats } from './stats.js';
export type { RetryStats, RetryStatsHooks, RetryStatsSnapshot } from './stats.js';
