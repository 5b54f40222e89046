/** `retryer`: retry only what can succeed. */

export { AttemptTimeoutError } from './attempt-timeout-error.js';
export type { BackoffOptions, Jitter } from './backoff.js';
// Backoff, budget and time
export { backoffDelay } from './backoff.js';
export type { RetryBudgetOptions } from './budget.js';
export { RetryBudget } from './budget.js';
// Classification
export { cloudThrottlingClassifier } from './classifiers/cloud.js';
export { defaultClassifiers } from './classifiers/default.js';
export type { GrpcClassifierOptions } from './classifiers/grpc.js';
export { grpcClassifier, grpcPresets } from './classifiers/grpc.js';
export type { HttpClassifierOptions } from './classifiers/http.js';
export { httpClassifier } from './classifiers/http.js';
export { networkClassifier } from './classifiers/network.js';
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export type {
  AttemptContext,
  GiveUpEvent,
  LogFields,
  RetryEvent,
  RetryLogger,
  SuccessEvent,
} from './events.js';
// Log lines (issue 6)
export type { LineLoggerOptions } from './line-logger.js';
export { lineLogger } from './line-logger.js';
// Explicit markers and give-up history
export { NonRetryableError, nonRetryable, RetryableError, retryable } from './markers.js';
export type { RetryOptions, RunOptions } from './options.js';
export { retry } from './retry.js';
export type { GiveUpReason, RetryInfo } from './retry-info.js';
export { retryInfo } from './retry-info.js';
// The retryer
export { Retryer } from './retryer.js';
// Fleet metrics (issue 6)
export type { RetryStats, RetryStatsHooks, RetryStatsSnapshot } from './stats.js';
export { retryStats } from './stats.js';
export type { RetryState, RetryStep } from './step.js';
export type { Classifier, ClassifyContext, Verdict } from './verdict.js';
