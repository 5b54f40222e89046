/**
 * The brand of a `ThrottledLocallyError`, apart from the class: the classifier checks it on every
 * failure without bundling the class (or the throttle) into a retryer that uses neither.
 */
import { readProperty } from '../classify/inspect.js';

/** The `Symbol.for` key every copy of the package puts on its `ThrottledLocallyError`s. */
export const THROTTLED_LOCALLY = Symbol.for('retrywise.throttledLocally');

/** `true` for a branded `ThrottledLocallyError`; never throws (hostile values included). */
export function isThrottledLocally(value: unknown): boolean {
  return readProperty(value, THROTTLED_LOCALLY) === true;
}
