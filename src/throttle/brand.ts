/**
 * The brand of a `ThrottledLocallyError`, apart from the class: the classifier checks it on every
 * failure without bundling the class (or the throttle) into a retryer that uses neither.
 */

/** The `Symbol.for` key every copy of the package puts on its `ThrottledLocallyError`s. */
export const THROTTLED_LOCALLY = Symbol.for('retrywise.throttledLocally');

/** `true` for a branded `ThrottledLocallyError`; never throws (hostile values included). */
export function isThrottledLocally(value: unknown): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    return (value as { [THROTTLED_LOCALLY]?: unknown })[THROTTLED_LOCALLY] === true;
  } catch {
    return false;
  }
}
