/** The options of {@link AdaptiveThrottle}, their defaults, and their validation. */

import { hasMethods, optionalFunction, requireNumber, show, typeName } from '../policy/validate.js';
import { type Clock, systemClock } from '../time/clock.js';

/**
 * Options of {@link AdaptiveThrottle}. Every one is optional; the defaults are tuned in the
 * brownout model of docs/fleet.md.
 *
 * @public
 */
export interface AdaptiveThrottleOptions {
  /**
   * The SRE book's multiplier: while nothing is throttled, the throttle lets through up to `k`
   * times the calls the service accepted in the window. A number ≥ 1. Lower is stricter; higher
   * finds the capacity again faster after an overload (the SRE book uses 2; 3 recovers faster
   * here, and the throttle weight keeps the load near capacity).
   * @defaultValue 3
   */
  readonly k?: number | undefined;
  /**
   * How many accepted calls one throttled response cancels, on top of not being accepted. With
   * 0 the rule is the SRE book's exactly, and a saturated service receives `k` times its
   * capacity; a weight `w` lowers that to `k · (1 + w) / (1 + k · w)` times (1.13× with the
   * defaults), while a service that throttles nothing sees no change. A finite number ≥ 0.
   * @defaultValue 5
   */
  readonly throttleWeight?: number | undefined;
  /**
   * The length of the sliding window, in ms: how long the throttle remembers. Shorter reacts
   * and recovers faster; longer is steadier. A finite number greater than 0.
   * @defaultValue 1000
   */
  readonly windowMs?: number | undefined;
  /**
   * The number of buckets the window is kept in (memory is three numbers per bucket); the
   * window slides by `windowMs / buckets`. An integer in [1, 1000].
   * @defaultValue 10
   */
  readonly buckets?: number | undefined;
  /** Where the window reads the time; pass the retryers' clock. @defaultValue systemClock */
  readonly clock?: Clock | undefined;
  /** Randomness in [0, 1) for the rejections. @defaultValue Math.random */
  readonly random?: (() => number) | undefined;
}

/** The options, checked, with the defaults filled in. */
export interface ThrottleSettings {
  readonly k: number;
  readonly throttleWeight: number;
  readonly windowMs: number;
  readonly buckets: number;
  readonly clock: Clock;
  readonly random: () => number;
}

/** Checks `options`; a `TypeError`/`RangeError` names the option at fault and its value. */
export function throttleSettings(options: unknown): ThrottleSettings {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`AdaptiveThrottle options must be an object, got ${typeName(options)}`);
  }
  const o = options as AdaptiveThrottleOptions;
  const k = o.k === undefined ? 3 : requireNumber('k', o.k);
  if (!(Number.isFinite(k) && k >= 1)) {
    throw new RangeError(`k must be a finite number ≥ 1, got ${show(k)}`);
  }
  const throttleWeight =
    o.throttleWeight === undefined ? 5 : requireNumber('throttleWeight', o.throttleWeight);
  if (!(Number.isFinite(throttleWeight) && throttleWeight >= 0)) {
    throw new RangeError(`throttleWeight must be a finite number ≥ 0, got ${show(throttleWeight)}`);
  }
  const windowMs = o.windowMs === undefined ? 1000 : requireNumber('windowMs', o.windowMs);
  if (!(Number.isFinite(windowMs) && windowMs > 0)) {
    throw new RangeError(`windowMs must be a finite number > 0, got ${show(windowMs)}`);
  }
  const buckets = o.buckets === undefined ? 10 : requireNumber('buckets', o.buckets);
  if (!(Number.isInteger(buckets) && buckets >= 1 && buckets <= 1000)) {
    throw new RangeError(`buckets must be an integer in [1, 1000], got ${show(buckets)}`);
  }
  let clock = systemClock;
  if (o.clock !== undefined) {
    if (!hasMethods(o.clock, ['now'])) {
      throw new TypeError(`clock must be a Clock with now(), got ${typeName(o.clock)}`);
    }
    clock = o.clock;
  }
  const random = optionalFunction<() => number>('random', o.random) ?? Math.random;
  return { k, throttleWeight, windowMs, buckets, clock, random };
}
