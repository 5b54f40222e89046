/**
 * `backoffDelay`, the public face of the schedule: the options checked as `new Retryer` checks
 * them (same errors, same messages), then the pure formula of `backoff.ts`.
 */
import { type BackoffOptions, scheduledDelay } from './backoff.js';
import { jitter, multiplierOption } from './option-checks.js';
import { nonNegative, optionalFunction, requireNumber, show, typeName } from './validate.js';

/**
 * The delay in ms after failed attempt `attempt` (counting from 1), for a random number `r` in
 * [0, 1) drawn from `random`:
 *
 * `d = min(maxDelayMs, initialDelayMs · multiplier^(attempt − 1))`; `'none'`: d; `'full'`: r·d;
 * `'equal'`: d/2 + r·d/2; `{ ratio }`: min(maxDelayMs, d·(1 − ratio + 2·ratio·r));
 * `'decorrelated'`: min(maxDelayMs, initialDelayMs + r·(3·previousDelayMs − initialDelayMs)).
 *
 * The result is always finite and within [0, maxDelayMs], whatever `random` returns. The options
 * are checked as `new Retryer` checks them; other properties of `options` are ignored, so the
 * options of a Retryer can be passed as they are.
 *
 * @throws TypeError or RangeError naming the argument or option at fault, with the same message
 * as `new Retryer`: `backoffDelay(2, { jitter: 'bogus' })` throws
 * `RangeError: jitter must be one of 'none', 'full', 'equal', 'decorrelated', got "bogus"`.
 * `attempt` must be an integer ≥ 1 and `previousDelayMs` a finite number ≥ 0 (or absent).
 *
 * @example
 * ```ts
 * backoffDelay(3, { initialDelayMs: 100, jitter: 'none' }); // 400
 * ```
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ — Marc Brooker,
 * "Exponential Backoff And Jitter" (2015), the source of the jitter formulas.
 * @public
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
  previousDelayMs?: number,
): number {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${typeName(options)}`);
  }
  const n = requireNumber('attempt', attempt);
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`attempt must be an integer ≥ 1, got ${show(n)}`);
  }
  const checked: Required<BackoffOptions> = {
    initialDelayMs: nonNegative('initialDelayMs', options.initialDelayMs, 1000),
    maxDelayMs: nonNegative('maxDelayMs', options.maxDelayMs, 30_000),
    multiplier: multiplierOption(options.multiplier),
    jitter: jitter(options.jitter),
  };
  const draw = optionalFunction<() => number>('random', random) ?? Math.random;
  const previous =
    previousDelayMs === undefined ? undefined : nonNegative('previousDelayMs', previousDelayMs, 0);
  return scheduledDelay(n, checked, draw, previous);
}
