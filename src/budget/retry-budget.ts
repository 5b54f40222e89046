/**
 * A retry budget shared by many retryers: gRPC A6 retry throttling, with an opt-in refill by time
 * during which refused runs wait for a token instead of giving up.
 *
 * @see https://github.com/grpc/proposal/blob/master/A6-client-retries.md#throttling-retry-attempts-and-hedged-rpcs
 * @see https://twitter.github.io/finagle/guide/Clients.html#retries — Finagle's `RetryBudget`
 * (a floor of retries per second).
 */

import { requireNumber, show, typeName } from '../policy/validate.js';
import type { Clock } from '../time/clock.js';
import { budgetClock, type RetryBudgetOptions, refillRate } from './options.js';

export type { RetryBudgetOptions } from './options.js';

/**
 * gRPC A6 retry throttling. The bucket starts full; each retryable failure costs one token, each
 * success adds `tokenRatio`; a retry is allowed only while `tokens > maxTokens / 2`. Share one budget
 * between every retryer that calls the same service, so that an outage does not multiply load.
 *
 * With `minRetriesPerSecond` the bucket also refills with time, and a refused run waits
 * ({@link RetryBudget.retryDelayMs}) rather than failing: during an outage load stays near
 * `clients + minRetriesPerSecond · seconds`, and nobody gives up while the run's limits allow.
 *
 * @example
 * ```ts
 * const budget = new RetryBudget({ maxTokens: 10, tokenRatio: 0.1 });
 * const a = new Retryer({ budget });
 * const b = new Retryer({ budget, maxAttempts: 5 });
 * // Wait for a token instead of failing; at least 2 retries per second:
 * const patient = new RetryBudget({ maxTokens: 10, tokenRatio: 0.1, minRetriesPerSecond: 2 });
 * ```
 * @see https://github.com/grpc/proposal/blob/master/A6-client-retries.md — the A6 bucket.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html — AWS adaptive
 * retry waits for a send token; prior art for waiting instead of failing.
 * @see docs/fleet.md — the outage simulation behind the refill mode.
 * @public
 */
export class RetryBudget {
  /** The size of the bucket, in (0, 1000]; it starts full. */
  readonly maxTokens: number;
  /** The tokens a success adds back, in (0, 1]. */
  readonly tokenRatio: number;
  /** Tokens per second the bucket refills by itself; 0 for plain A6. */
  readonly minRetriesPerSecond: number;
  readonly #clock: Clock;
  #tokens: number;
  #updatedAt: number;
  #reserved = 0;

  /** @throws TypeError or RangeError naming the option that is missing or out of range. */
  constructor(options: RetryBudgetOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`RetryBudget options must be an object, got ${typeName(options)}`);
    }
    const maxTokens = requireNumber('maxTokens', options.maxTokens);
    if (!(maxTokens > 0 && maxTokens <= 1000)) {
      throw new RangeError(`maxTokens must be a number in (0, 1000], got ${show(maxTokens)}`);
    }
    const tokenRatio = requireNumber('tokenRatio', options.tokenRatio);
    if (!(tokenRatio > 0 && tokenRatio <= 1)) {
      throw new RangeError(`tokenRatio must be a number in (0, 1], got ${show(tokenRatio)}`);
    }
    this.maxTokens = maxTokens;
    this.tokenRatio = tokenRatio;
    this.minRetriesPerSecond = refillRate(options.minRetriesPerSecond);
    this.#clock = budgetClock(options.clock);
    this.#tokens = maxTokens;
    this.#updatedAt = this.minRetriesPerSecond > 0 ? this.#clock.now() : 0;
  }

  /** The tokens in the bucket now. */
  get tokens(): number {
    this.#refill();
    return this.#tokens;
  }

  /** `true` while `tokens > maxTokens / 2` (tokens held by {@link RetryBudget.reserve} excluded). */
  canRetry(): boolean {
    this.#refill();
    return this.#tokens - this.#reserved > this.maxTokens / 2;
  }

  /**
   * Takes a retry slot: when {@link RetryBudget.canRetry} is `true`, holds one token for a retry
   * in flight and returns `true`. A run that waited for the budget reserves before its attempt
   * and calls {@link RetryBudget.release} when the attempt ends, before `recordFailure` or
   * `recordSuccess`, so that waiting runs cannot all pass on the same token while the first
   * retry is still in flight.
   */
  reserve(): boolean {
    if (!this.canRetry()) return false;
    this.#reserved++;
    return true;
  }

  /** Gives back a token held by {@link RetryBudget.reserve}. */
  release(): void {
    if (this.#reserved > 0) this.#reserved--;
  }

  /** A retryable failure: costs one token. */
  recordFailure(): void {
    this.#refill();
    this.#tokens = Math.max(0, this.#tokens - 1);
  }

  /** A success: adds `tokenRatio` tokens, up to `maxTokens`. */
  recordSuccess(): void {
    this.#refill();
    this.#tokens = Math.min(this.maxTokens, this.#tokens + this.tokenRatio);
  }

  /**
   * Whole ms until {@link RetryBudget.canRetry} turns `true` by the refill alone: 0 when it is
   * `true` now, `Infinity` when only successes can refill the bucket (plain A6). Runs sleep this
   * long (at least) before asking again, so a refused run waits instead of failing.
   */
  retryDelayMs(): number {
    if (this.canRetry()) return 0;
    const rate = this.minRetriesPerSecond;
    if (rate === 0) return Number.POSITIVE_INFINITY;
    const missing = this.maxTokens / 2 - (this.#tokens - this.#reserved);
    return Math.floor((missing * 1000) / rate) + 1;
  }

  #refill(): void {
    const rate = this.minRetriesPerSecond;
    if (rate === 0) return;
    const now = this.#clock.now();
    if (!(now > this.#updatedAt)) return;
    this.#tokens = Math.min(this.maxTokens, this.#tokens + (rate * (now - this.#updatedAt)) / 1000);
    this.#updatedAt = now;
  }
}
