/** Validation of single options: each names the option it rejects. */

import type { RetryBudget } from '../budget/retry-budget.js';
import { defaultClassifiers } from '../classify/classifiers/default.js';
import type { Classifier } from '../classify/verdict.js';
import type { RetryLogger } from '../observe/events.js';
import type { AdaptiveThrottle } from '../throttle/adaptive-throttle.js';
import { type Clock, systemClock } from '../time/clock.js';
import type { Jitter } from './backoff.js';
import { hasMethods, oneOf, requireNumber, show, typeName } from './validate.js';

const JITTER_KINDS = ['none', 'full', 'equal', 'decorrelated'] as const;

export function elapsedLimit(value: unknown): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  const n = requireNumber('maxElapsedMs', value);
  if (!(n >= 0))
    throw new RangeError(`maxElapsedMs must be a number ≥ 0 or Infinity, got ${show(n)}`);
  return n;
}

/** `maxAttempts`; `Infinity` only with a finite time limit (`maxElapsedMs` or `totalTimeoutMs`). */
export function attempts(value: unknown, limitMs: number): number {
  if (value === undefined) return 3;
  const n = requireNumber('maxAttempts', value);
  if (n === Number.POSITIVE_INFINITY) {
    if (limitMs === Number.POSITIVE_INFINITY) {
      throw new RangeError(
        'maxAttempts: Infinity needs a finite maxElapsedMs or totalTimeoutMs, or the run may never end',
      );
    }
    return n;
  }
  // A safe integer: 2 ** 53 is Infinity in all but name, and would slip past the check above.
  if (!(Number.isSafeInteger(n) && n >= 1)) {
    throw new RangeError(`maxAttempts must be an integer ≥ 1 or Infinity, got ${show(n)}`);
  }
  return n;
}

/** `attemptTimeoutMs`, `totalTimeoutMs`: absent, or a finite number > 0. */
export function positiveLimit(option: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = requireNumber(option, value);
  if (!(Number.isFinite(n) && n > 0)) {
    throw new RangeError(`${option} must be a finite number > 0, got ${show(n)}`);
  }
  return n;
}

/**
 * `hedgeDelayMs`: absent, or a finite number ≥ 0. Hedging needs a finite `maxAttempts` (it bounds
 * the attempts in flight at once) and refuses `beforeRetry` (no sleep precedes a hedge).
 */
export function hedgeDelay(
  value: unknown,
  maxAttempts: number,
  beforeRetry: unknown,
): number | undefined {
  if (value === undefined) return undefined;
  const n = requireNumber('hedgeDelayMs', value);
  if (!(Number.isFinite(n) && n >= 0)) {
    throw new RangeError(`hedgeDelayMs must be a finite number ≥ 0, got ${show(n)}`);
  }
  if (maxAttempts === Number.POSITIVE_INFINITY) {
    throw new RangeError(
      'maxAttempts: Infinity cannot be used with hedgeDelayMs: every attempt may be in flight at once; give a finite maxAttempts',
    );
  }
  if (beforeRetry !== undefined) {
    throw new TypeError(
      'beforeRetry cannot be used with hedgeDelayMs: hedges start while earlier attempts are still in flight, with no sleep before them for beforeRetry to run in; refresh tokens inside the operation instead',
    );
  }
  return n;
}

export function jitter(value: unknown): Jitter {
  if (value === undefined) return 'full';
  if (typeof value === 'string') return oneOf('jitter', value, JITTER_KINDS, 'full');
  if (typeof value === 'object' && value !== null && 'ratio' in value) {
    const ratio = requireNumber('jitter.ratio', (value as { ratio: unknown }).ratio);
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new RangeError(`jitter.ratio must be a number in [0, 1], got ${show(ratio)}`);
    }
    return Object.freeze({ ratio });
  }
  throw new TypeError(
    `jitter must be 'none', 'full', 'equal', 'decorrelated' or { ratio }, got ${show(value)}`,
  );
}

export function classifierList(value: unknown): readonly Classifier[] {
  if (value === undefined) return defaultClassifiers();
  if (!Array.isArray(value))
    throw new TypeError(`classifiers must be an array, got ${typeName(value)}`);
  value.forEach((c, i) => {
    if (typeof c !== 'function')
      throw new TypeError(`classifiers[${i}] must be a function, got ${typeName(c)}`);
  });
  return Object.freeze([...value]);
}

export function budgetOption(value: unknown): RetryBudget | undefined {
  if (value === undefined) return undefined;
  if (!hasMethods(value, ['canRetry', 'recordFailure', 'recordSuccess'])) {
    throw new TypeError('budget must be a RetryBudget (canRetry, recordFailure, recordSuccess)');
  }
  return value as RetryBudget;
}

export function throttleOption(value: unknown): AdaptiveThrottle | undefined {
  if (value === undefined) return undefined;
  if (!hasMethods(value, ['allow', 'recordAccepted', 'recordThrottled', 'rejection'])) {
    throw new TypeError(
      `throttle must be an AdaptiveThrottle (allow, recordAccepted, recordThrottled, rejection), got ${typeName(value)}`,
    );
  }
  return value as AdaptiveThrottle;
}

/** An AbortSignal or `undefined`, or a `TypeError`. */
export function signalOption(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (
    !hasMethods(value, ['addEventListener']) ||
    typeof (value as Partial<AbortSignal>).aborted !== 'boolean'
  ) {
    throw new TypeError(`signal must be an AbortSignal, got ${typeName(value)}`);
  }
  return value as AbortSignal;
}

export function clockOption(value: unknown): Clock {
  if (value === undefined) return systemClock;
  if (!hasMethods(value, ['now', 'sleep'])) {
    throw new TypeError('clock must be a Clock with now() and sleep(ms, signal)');
  }
  return value as Clock;
}

export function loggerOption(value: unknown): RetryLogger | undefined {
  if (value === undefined) return undefined;
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
    throw new TypeError(
      `logger must be an object with debug/info/warn/error methods, got ${typeName(value)}`,
    );
  }
  return value as RetryLogger;
}

/** A string or `undefined`, or a `TypeError` naming `option`. */
export function nameOption(option: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new TypeError(`${option} must be a string, got ${typeName(value)}`);
}
