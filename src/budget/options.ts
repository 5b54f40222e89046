/** The options of {@link RetryBudget}, and their validation. */

import { hasMethods, requireNumber, show, typeName } from '../policy/validate.js';
import { type Clock, systemClock } from '../time/clock.js';

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
  /**
   * Opt-in refill by time: this many tokens per second flow back into the bucket (up to
   * `maxTokens`), a floor of retries per second that holds even while every call fails. With it,
   * a run the budget refuses waits for a token — within its `maxElapsedMs`, deadline and signal —
   * instead of giving up. A finite number greater than 0. Without it the budget is plain A6.
   */
  readonly minRetriesPerSecond?: number | undefined;
  /** Where the refill reads the time; pass the retryers' clock. @defaultValue systemClock */
  readonly clock?: Clock | undefined;
}

/** `minRetriesPerSecond`: 0 when absent, else a finite number > 0. */
export function refillRate(value: unknown): number {
  if (value === undefined) return 0;
  const n = requireNumber('minRetriesPerSecond', value);
  if (!(Number.isFinite(n) && n > 0)) {
    throw new RangeError(`minRetriesPerSecond must be a finite number > 0, got ${show(n)}`);
  }
  return n;
}

/** The refill's clock: `systemClock` when absent, else an object with `now()`. */
export function budgetClock(value: unknown): Clock {
  if (value === undefined) return systemClock;
  if (!hasMethods(value, ['now'])) {
    throw new TypeError(`clock must be a Clock with now(), got ${typeName(value)}`);
  }
  return value as Clock;
}
