/**
 * The backoff schedule: pure functions of the attempt number, the options and a random number.
 *
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ — Marc Brooker,
 * "Exponential Backoff And Jitter" (2015): the full, equal and decorrelated formulas.
 */

/**
 * How the capped exponential delay is spread:
 * - `'none'`: the delay itself;
 * - `'full'`: uniform in [0, d) — the AWS blog's recommendation;
 * - `'equal'`: uniform in [d/2, d);
 * - `'decorrelated'`: uniform in [initialDelayMs, 3 · previous delay), capped;
 * - `{ ratio }`: uniform in d · [1 − ratio, 1 + ratio), capped.
 *
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ — the full, equal
 * and decorrelated formulas.
 * @public
 */
export type Jitter =
  | 'none'
  | 'full'
  | 'equal'
  | 'decorrelated'
  | {
      /** How far a delay may stray from the capped exponential one, in [0, 1]. */
      readonly ratio: number;
    };

/**
 * The options the schedule depends on.
 *
 * @public
 */
export interface BackoffOptions {
  /** Base delay after the first failed attempt. @defaultValue 1000 */
  readonly initialDelayMs?: number | undefined;
  /**
   * Cap on any single delay, a budget wait included. Below `initialDelayMs` it caps the first
   * delay too: `{ initialDelayMs: 400, maxDelayMs: 200 }` never sleeps more than 200 ms.
   * @defaultValue 30000
   */
  readonly maxDelayMs?: number | undefined;
  /** Growth per attempt, ≥ 1. @defaultValue 2 */
  readonly multiplier?: number | undefined;
  /** How each delay is spread around the capped exponential one. @defaultValue 'full' */
  readonly jitter?: Jitter | undefined;
}

/**
 * The delay in ms after failed attempt `attempt` (counting from 1): the formula documented on
 * the public `backoffDelay` (backoff-delay.ts), which checks the options first. Options are not
 * checked here: the run loop passes a validated policy. Internal.
 */
export function scheduledDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
  previousDelayMs?: number,
): number {
  const initialDelayMs = options.initialDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const multiplier = options.multiplier ?? 2;
  const jitter = options.jitter ?? 'full';
  if (jitter === 'decorrelated') {
    const previous = previousDelayMs ?? initialDelayMs;
    return clamp(initialDelayMs + unit(random) * (3 * previous - initialDelayMs), maxDelayMs);
  }
  const exponent = Math.max(0, attempt - 1);
  const d = Math.min(maxDelayMs, initialDelayMs * multiplier ** exponent);
  if (jitter === 'none') return clamp(d, maxDelayMs);
  if (jitter === 'full') return clamp(unit(random) * d, maxDelayMs);
  if (jitter === 'equal') return clamp(d / 2 + (unit(random) * d) / 2, maxDelayMs);
  const { ratio } = jitter;
  return clamp(d * (1 - ratio + 2 * ratio * unit(random)), maxDelayMs);
}

/** A random draw forced into [0, 1]: a broken `random` cannot produce a negative or NaN delay. */
function unit(random: () => number): number {
  const r = random();
  if (r >= 0) return r < 1 ? r : 1;
  return 0;
}

function clamp(delayMs: number, maxDelayMs: number): number {
  if (!(delayMs > 0)) return 0;
  return delayMs < maxDelayMs ? delayMs : maxDelayMs;
}
