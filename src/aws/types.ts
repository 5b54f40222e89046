/**
 * The AWS SDK v3 retry interfaces the strategy implements, structurally: nothing here imports the
 * SDK.
 *
 * @see https://github.com/smithy-lang/smithy-typescript/blob/main/packages/types/src/retry.ts
 */

/**
 * The retry token the SDK carries between attempts of one `send()` (its `RetryToken`).
 *
 * @public
 */
export interface AwsRetryToken {
  /** Retries so far: 0 for the first attempt. The SDK reports `$metadata.attempts` as this + 1. */
  getRetryCount(): number;
  /** Always 0: the strategy has already slept on the retryer's clock. */
  getRetryDelay(): number;
}

/**
 * What the SDK tells the strategy about a failed attempt (its `RetryErrorInfo`).
 *
 * @public
 */
export interface AwsRetryErrorInfo {
  /** The attempt's error: an `S3ServiceException`, a network error, … */
  readonly error?: unknown;
  /** The SDK's own guess (`'THROTTLING'`, `'TRANSIENT'`, …). Ignored: the retryer decides. */
  readonly errorType: string;
  /** The SDK's reading of `retry-after`/`x-amz-retry-after`; the classifiers read the headers. */
  readonly retryAfterHint?: Date;
}

/**
 * The part of an AWS SDK v3 client's `middlewareStack` that {@link AwsRetryStrategy.applyToStack}
 * uses, structurally.
 *
 * @public
 */
export interface AwsMiddlewareStack {
  /** Adds a middleware at a step of the stack. */
  add(
    middleware: (
      next: (args: never) => Promise<unknown>,
      context: object,
    ) => (args: never) => Promise<unknown>,
    options: { step: 'initialize'; name: string; override: boolean },
  ): void;
}

/**
 * The AWS SDK v3 `RetryStrategyV2` interface, structurally, and a `Pluggable` for a client's
 * middleware stack.
 *
 * @public
 */
export interface AwsRetryStrategy {
  /** Called once per `send()`, before the first attempt: starts the attempt count and clock. */
  acquireInitialRetryToken(retryTokenScope: string): Promise<AwsRetryToken>;
  /**
   * Called after each failed attempt: resolves, after the delay, with the token of the next
   * attempt, or rejects to stop (the SDK then rethrows its own error).
   */
  refreshRetryTokenForRetry(
    token: AwsRetryToken,
    errorInfo: AwsRetryErrorInfo,
  ): Promise<AwsRetryToken>;
  /** Called when an attempt succeeded. Never throws. */
  recordSuccess(token: AwsRetryToken): void;
  /**
   * `client.middlewareStack.use(strategy)` adds a middleware that names each run after its command
   * (`'PutObject'`) in events and log lines, when the retryer has no `name`.
   */
  applyToStack(stack: AwsMiddlewareStack): void;
}
