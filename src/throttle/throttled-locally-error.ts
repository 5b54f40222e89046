/** The error of a call that an {@link AdaptiveThrottle} rejected before it reached the network. */

import { isThrottledLocally, THROTTLED_LOCALLY } from './brand.js';

/**
 * A call rejected locally by an {@link AdaptiveThrottle}: the service has been shedding load and
 * this client dropped the call instead of sending it. It never reached the network. Classified
 * non-retryable by every retryer (the throttle decides again on the next call); a run that gets
 * it gives up with reason `'throttled-locally'`. `cause` is the error of the run's previous
 * attempt when a retry was rejected, `undefined` for a first attempt.
 *
 * Recognised by a `Symbol.for` brand, so `instanceof` holds across copies of the package.
 *
 * @public
 */
export class ThrottledLocallyError extends Error {
  /** The throttle's probability of rejecting a call when it rejected this one, in (0, 1]. */
  readonly rejectionProbability: number;

  constructor(rejectionProbability: number, cause?: unknown) {
    super(
      `rejected locally by the adaptive throttle: the service is shedding load (rejecting ${Math.round(rejectionProbability * 100)} % of calls)`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'ThrottledLocallyError';
    this.rejectionProbability = rejectionProbability;
    Object.defineProperty(this, THROTTLED_LOCALLY, { value: true });
  }

  /** `true` for a `ThrottledLocallyError` of any copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    const byPrototype = Function.prototype[Symbol.hasInstance];
    // The class itself extends Error directly; a subclass does not. (Naming the class in its own
    // body would make bundlers rename it `_ThrottledLocallyError`.)
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asked about, maybe a subclass.
    if (Object.getPrototypeOf(this) !== Error) return byPrototype.call(this, value);
    return isThrottledLocally(value);
  }
}
