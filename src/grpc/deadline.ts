/**
 * The deadline of a gRPC call, which bounds the whole retry effort. grpc-js deadlines are
 * absolute wall-clock times (a `Date` or epoch ms; `Infinity` for none), so every attempt made
 * with the call's options gets the time that remains as its own deadline.
 */
import { type CallOptions, propagate } from '@grpc/grpc-js';
import type { Clock } from '../time/clock.js';
import { wallNow } from '../time/clock.js';

/** The call's deadline in epoch ms (`Infinity` for none), a parent's propagated one included. */
export function callDeadline(options: CallOptions): number {
  let deadlineMs = epochMs(options.deadline);
  const parent = options.parent;
  const flags = options.propagate_flags ?? propagate.DEFAULTS;
  if (parent !== undefined && (flags & propagate.DEADLINE) !== 0) {
    deadlineMs = Math.min(deadlineMs, epochMs(parent.getDeadline()));
  }
  return deadlineMs;
}

/** `true` once the wall clock has reached `deadlineMs`. */
export function isPast(deadlineMs: number): boolean {
  return wallNow() >= deadlineMs;
}

/**
 * `deadlineMs` (wall-clock epoch ms, as grpc-js takes it) translated to `clock`'s time, or
 * `undefined`: `systemClock` is monotonic and a `FakeClock` may start at 0, so the time left is
 * measured on the wall clock once, when the call starts.
 */
export function deadlineOn(clock: Clock, deadlineMs: number): number | undefined {
  if (!Number.isFinite(deadlineMs)) return undefined;
  return clock.now() + (deadlineMs - wallNow());
}

function epochMs(deadline: CallOptions['deadline']): number {
  if (deadline === undefined || deadline === null) return Number.POSITIVE_INFINITY;
  const ms = typeof deadline === 'number' ? deadline : deadline.getTime();
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}
