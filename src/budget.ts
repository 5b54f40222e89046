/**
 * A retry budget shared by many retryers: gRPC A6 retry throttling.
 *
 * @see https://github.com/grpc/proposal/blob/master/A6-client-retries.md#throttling-retry-attempts-and-hedged-rpcs
 */
import { requireNumber } from './validate.js';

/**
 * Options of {@link RetryBudget}.
 *
 * @public
 */
export interface RetryBudgetOptions {
  /** Size of the bucket, in (0, 1000]. The bucket starts full. */
  readonly maxTokens: number;
  /** Tokens a success adds back, in (0, 1]. */
  readonly tokenRatio: number;
}

/**
 * gRPC A6 retry throttling. The bucket starts full; each retryable failure costs one token, each
 * success adds `tokenRatio`; a retry is allowed only while tokens > maxTokens / 2. Share one budget
 * between every retryer that calls the same service, so that an outage does not multiply load.
 *
 * @example
 * ```ts
 * const budget = new RetryBudget({ maxTokens: 10, tokenRatio: 0.1 });
 * const a = new Retryer({ budget });
 * const b = new Retryer({ budget, maxAttempts: 5 });
 * ```
 * @public
 */
export class RetryBudget {
  readonly maxTokens: number;
  readonly tokenRatio: number;
  #tokens: number;

  constructor(options: RetryBudgetOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(
        `RetryBudget options must be an object, got ${options === null ? 'null' : typeof options}`,
      );
    }
    const maxTokens = requireNumber('maxTokens', options.maxTokens);
    if (!(maxTokens > 0 && maxTokens <= 1000)) {
      throw new RangeError(`maxTokens must be a number in (0, 1000], got ${String(maxTokens)}`);
    }
    const tokenRatio = requireNumber('tokenRatio', options.tokenRatio);
    if (!(tokenRatio > 0 && tokenRatio <= 1)) {
      throw new RangeError(`tokenRatio must be a number in (0, 1], got ${String(tokenRatio)}`);
    }
    this.maxTokens = maxTokens;
    this.tokenRatio = tokenRatio;
    this.#tokens = maxTokens;
  }

  /** The tokens in the bucket now. */
  get tokens(): number {
    return this.#tokens;
  }

  /** `true` while tokens > maxTokens / 2. */
  canRetry(): boolean {
    return this.#tokens > this.maxTokens / 2;
  }

  /** A retryable failure: costs one token. */
  recordFailure(): void {
    this.#tokens = Math.max(0, this.#tokens - 1);
  }

  /** A success: adds `tokenRatio` tokens, up to `maxTokens`. */
  recordSuccess(): void {
    this.#tokens = Math.min(this.maxTokens, this.#tokens + this.tokenRatio);
  }
}
