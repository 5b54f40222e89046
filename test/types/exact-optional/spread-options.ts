/**
 * Compiled with `exactOptionalPropertyTypes: true` (this folder's tsconfig.json) by
 * test/types/exact-optional.test.ts: options built from values that may be `undefined`, as users
 * with that flag write them, are accepted, as the runtime accepts them.
 */
import {
  backoffDelay,
  grpcClassifier,
  HttpError,
  httpClassifier,
  lineLogger,
  RetryBudget,
  Retryer,
  type RetryOptions,
  retry,
  retryable,
  type Verdict,
} from 'retrywise';
import { FakeClock } from 'retrywise/testing';

declare const maybeNumber: number | undefined;
declare const maybeSignal: AbortSignal | undefined;
declare const maybeName: string | undefined;
declare const maybeCodes: readonly number[] | undefined;
declare const env: Record<string, string | undefined>;

const base: RetryOptions = { maxAttempts: 5, initialDelayMs: 100 };
export const retryer = new Retryer({
  ...base,
  maxDelayMs: maybeNumber,
  maxElapsedMs: maybeNumber,
  attemptTimeoutMs: maybeNumber,
  multiplier: maybeNumber,
  jitter: undefined,
  signal: maybeSignal,
  name: maybeName,
  retryIf: undefined,
  onRetry: undefined,
  logger: undefined,
  budget: undefined,
  clock: undefined,
  random: undefined,
});

export const ran = retryer.run(() => 1, {
  signal: maybeSignal,
  name: maybeName,
  retryIf: undefined,
  onGiveUp: undefined,
});
export const once = retry(async () => 'x', { ...base, signal: maybeSignal, name: env.NAME });
export const classifiers = [
  httpClassifier({ retryableStatuses: maybeCodes }),
  grpcClassifier({ retryableCodes: maybeCodes }),
];
export const budget = new RetryBudget({
  maxTokens: 10,
  tokenRatio: 0.1,
  minRetriesPerSecond: maybeNumber,
  clock: undefined,
});
export const logger = lineLogger({ write: undefined, now: undefined });
export const clock = new FakeClock({ now: maybeNumber });
export const marker = retryable(new Error('x'), { delayMs: maybeNumber });
export const delay = backoffDelay(2, { initialDelayMs: maybeNumber, jitter: undefined });
export const verdict: Verdict = { retryable: true, reason: 'x', delayMs: maybeNumber };
export const httpError = new HttpError(
  { status: 503, statusText: undefined, url: undefined },
  { message: maybeName },
);
