/** Elapsed time read from an injected clock, checked: a decision never rests on NaN. */
import { show } from '../policy/validate.js';
import type { Clock } from './clock.js';

/**
 * `clock.now()`, or a `TypeError` when it is not a finite number: a clock that answers NaN or
 * Infinity would silently switch off `maxElapsedMs`, deadlines and budget refill.
 */
export function readNow(clock: Clock): number {
  const now = clock.now();
  if (!Number.isFinite(now)) {
    throw new TypeError(`clock.now() must return a finite number of ms, got ${show(now)}`);
  }
  return now;
}

/** Milliseconds since `startedAt` on `clock`, never negative (a clock that steps back reads 0). */
export function elapsedSince(clock: Clock, startedAt: number): number {
  const ms = readNow(clock) - startedAt;
  return ms > 0 ? ms : 0;
}
