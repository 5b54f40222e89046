/**
 * Client-side adaptive throttling, shared by every retryer that calls one service: when the
 * service sheds load, calls are rejected locally before they reach the network.
 *
 * @see https://sre.google/sre-book/handling-overload/#client-side-throttling-a7sel
 */

import type { Clock } from '../time/clock.js';
import { type AdaptiveThrottleOptions, throttleSettings } from './options.js';
import { ThrottledLocallyError } from './throttled-locally-error.js';

export type { AdaptiveThrottleOptions } from './options.js';

/**
 * Client-side adaptive throttling (Google SRE book, "Handling Overload"), for one downstream
 * service: share one throttle between every retryer and adapter that calls that service, one
 * per process. Over a sliding window it counts the calls asked for (`requests`, those it rejected
 * included), the calls the service accepted (`accepts`) and those it throttled, and rejects each
 * new call with probability
 *
 * `max(0, (requests − k · (accepts − throttleWeight · throttles)) / (requests + 1))`
 *
 * (accepts net of throttles counted at 0 at least). A throttled verdict of the classifiers
 * (429, `RESOURCE_EXHAUSTED`, `SlowDown`, `ServerBusy`, …) is a throttle; every other outcome — a
 * success, any other failure — is an accept: the service answered and was not shedding load
 * (use a {@link RetryBudget} for outages). A healthy service throttles nothing, so the throttle
 * never rejects; while the service sheds load, the calls that reach it stay near its capacity
 * (`k · (1 + w) / (1 + k · w)` times it, 1.13× with the defaults; 1.10× measured) and the rest fail at once with
 * a {@link ThrottledLocallyError}, first attempts included.
 *
 * A retryer with the `throttle` option asks {@link AdaptiveThrottle.allow} before every attempt
 * and records each outcome; a loop of your own can do the same. The check is O(1) and allocates
 * nothing; memory is three numbers per bucket.
 *
 * @example
 * ```ts
 * const throttle = new AdaptiveThrottle(); // one per downstream service, per process
 * const orders = new Retryer({ throttle });
 * const reports = new Retryer({ throttle, maxAttempts: 5 });
 * ```
 * @see https://sre.google/sre-book/handling-overload/#client-side-throttling-a7sel
 * @see docs/fleet.md — the brownout model behind the defaults.
 * @public
 */
export class AdaptiveThrottle {
  /** The multiplier of the accepts: see {@link AdaptiveThrottleOptions.k}. */
  readonly k: number;
  /** How many accepts a throttle cancels: see {@link AdaptiveThrottleOptions.throttleWeight}. */
  readonly throttleWeight: number;
  /** The length of the sliding window, in ms. */
  readonly windowMs: number;
  /** The number of buckets of the window. */
  readonly buckets: number;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #bucketMs: number;
  /** Per bucket: requests, accepts and throttles, at `3 · i`, `3 · i + 1`, `3 · i + 2`. */
  readonly #counts: Float64Array;
  #index = 0;
  #bucketEndsAt: number;
  #requests = 0;
  #accepts = 0;
  #throttles = 0;
  #rejected = 0;

  /** @throws TypeError or RangeError naming the option that is out of range. */
  constructor(options?: AdaptiveThrottleOptions) {
    const settings = throttleSettings(options);
    this.k = settings.k;
    this.throttleWeight = settings.throttleWeight;
    this.windowMs = settings.windowMs;
    this.buckets = settings.buckets;
    this.#clock = settings.clock;
    this.#random = settings.random;
    this.#bucketMs = settings.windowMs / settings.buckets;
    this.#counts = new Float64Array(settings.buckets * 3);
    this.#bucketEndsAt = this.#clock.now() + this.#bucketMs;
  }

  /**
   * Counts one call and tells whether it may go out: `false` means reject it locally. A caller
   * that gets `true` must report the outcome with {@link AdaptiveThrottle.recordAccepted} or
   * {@link AdaptiveThrottle.recordThrottled}.
   */
  allow(): boolean {
    this.#slide();
    const p = this.#probability();
    this.#requests++;
    this.#count(0);
    if (p > 0 && this.#random() < p) {
      this.#rejected++;
      return false;
    }
    return true;
  }

  /** The service accepted a call: a success, or any failure that is not a throttle. */
  recordAccepted(): void {
    this.#slide();
    this.#accepts++;
    this.#count(1);
  }

  /** The service throttled a call (429, `RESOURCE_EXHAUSTED`, `SlowDown`, …). */
  recordThrottled(): void {
    this.#slide();
    this.#throttles++;
    this.#count(2);
  }

  /** The probability that the next call is rejected, in [0, 1): 0 while nothing is throttled. */
  get rejectionProbability(): number {
    this.#slide();
    return this.#probability();
  }

  /** Calls rejected locally since the throttle was made (a counter for metrics). */
  get rejected(): number {
    return this.#rejected;
  }

  /** The error for a call {@link AdaptiveThrottle.allow} rejected; `cause`: the run's last error. */
  rejection(cause?: unknown): ThrottledLocallyError {
    return new ThrottledLocallyError(this.#probability(), cause);
  }

  /** Adds one to the current bucket's requests (0), accepts (1) or throttles (2). */
  #count(kind: 0 | 1 | 2): void {
    const at = this.#index * 3 + kind;
    this.#counts[at] = (this.#counts[at] as number) + 1;
  }

  #probability(): number {
    const requests = this.#requests;
    const net = this.#accepts - this.throttleWeight * this.#throttles;
    const p = (requests - this.k * (net > 0 ? net : 0)) / (requests + 1);
    return p > 0 ? p : 0;
  }

  /** Moves the window to now: the buckets that ended are emptied and leave the sums. */
  #slide(): void {
    const now = this.#clock.now();
    if (!(now >= this.#bucketEndsAt)) return; // NaN too: a broken clock never empties the window
    const n = this.buckets;
    const passed = Math.floor((now - this.#bucketEndsAt) / this.#bucketMs) + 1;
    if (!(passed < n)) {
      this.#counts.fill(0);
      this.#requests = 0;
      this.#accepts = 0;
      this.#throttles = 0;
      this.#index = 0;
      this.#bucketEndsAt = now + this.#bucketMs;
      return;
    }
    const counts = this.#counts;
    for (let step = 1; step <= passed; step++) {
      const at = ((this.#index + step) % n) * 3;
      this.#requests -= counts[at] as number;
      this.#accepts -= counts[at + 1] as number;
      this.#throttles -= counts[at + 2] as number;
      counts[at] = 0;
      counts[at + 1] = 0;
      counts[at + 2] = 0;
    }
    this.#index = (this.#index + passed) % n;
    this.#bucketEndsAt += passed * this.#bucketMs;
  }
}
