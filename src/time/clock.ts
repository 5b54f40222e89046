/**
 * Where time enters retrywise. Only this folder touches `setTimeout`, `performance` and
 * `Date.now`, and it reads them from `globalThis` at call time, so `vi.useFakeTimers()` and
 * `@sinonjs/fake-timers` installed after import still control every sleep and every reading.
 */
import { type AbortFollower, follow, unfollow } from '../abort/hub.js';
import { monotonicNow } from './monotonic.js';

/**
 * A source of time. Implement it to run retries on virtual time (see `FakeClock` in
 * `retrywise/testing`).
 *
 * @public
 */
export interface Clock {
  /**
   * Milliseconds since a fixed origin. Elapsed time, deadlines and budget refills are differences
   * of two readings, so the readings must never go backwards or jump: `systemClock` reads a
   * monotonic source aligned with the epoch.
   */
  now(): number;
  /**
   * Resolves after `ms` milliseconds. When `signal` aborts first, rejects with `signal.reason`
   * and releases the timer at once.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const resolved = /* @__PURE__ */ Promise.resolve();

/** The longest delay `setTimeout` honours; it cuts a longer one to 1 ms (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2_147_483_647; // 2 ** 31 − 1, as a literal a bundler can drop

/**
 * Calls `callback(arg)` after `ms` (at most {@link MAX_TIMER_MS}) on the system timer: the retry
 * loop's sleep, which passes the run as `arg` so the timer holds no closure. Internal.
 */
export function startTimer<A>(callback: (arg: A) => void, ms: number, arg: A): unknown {
  return globalThis.setTimeout(callback, ms, arg);
}

/**
 * The wall clock, `Date.now()`, for absolute times that come from outside (a gRPC call's
 * deadline is a date); elapsed time uses {@link systemClock}'s monotonic `now`. Internal.
 */
export function wallNow(): number {
  return globalThis.Date.now();
}

/** Cancels a timer from {@link startTimer}. Internal. */
export function stopTimer(timer: unknown): void {
  globalThis.clearTimeout(timer as ReturnType<typeof setTimeout>);
}

/**
 * The real clock: `now()` is monotonic (NTP steps of the wall clock neither shorten nor stretch
 * elapsed time) and aligned with `Date.now()` when first read; `sleep` uses `setTimeout`. Both
 * look up `globalThis` at each call, so fake timers installed after import drive them: under
 * `@sinonjs/fake-timers` or `vi.useFakeTimers()`, `now()` follows the fake timers' own time.
 *
 * @public
 */
export const systemClock: Clock = /* @__PURE__ */ Object.freeze({
  now: monotonicNow,
  sleep: function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!(ms > 0)) return resolved;
    if (ms > MAX_TIMER_MS) {
      // Sleep in chunks that setTimeout honours.
      return sleep(MAX_TIMER_MS, signal).then(() => sleep(ms - MAX_TIMER_MS, signal));
    }
    if (signal === undefined) {
      // The timer holds `resolve` and nothing else: no closures, ~300 B less.
      return new Promise<void>((resolve) => void globalThis.setTimeout(resolve, ms));
    }
    return new Promise<void>((resolve, reject) => new SignalSleep(ms, signal, resolve, reject));
  },
});

/** A timer sleep that follows its signal through the abort hub (one listener per signal). */
class SignalSleep implements AbortFollower {
  readonly #timer: ReturnType<typeof setTimeout>;

  constructor(
    ms: number,
    readonly signal: AbortSignal,
    readonly resolve: () => void,
    readonly reject: (reason: unknown) => void,
  ) {
    follow(signal, this);
    this.#timer = globalThis.setTimeout(() => {
      unfollow(signal, this);
      resolve();
    }, ms);
    if (signal.aborted) this.handleEvent();
  }

  handleEvent(): void {
    unfollow(this.signal, this);
    globalThis.clearTimeout(this.#timer);
    this.reject(this.signal.reason);
  }
}
