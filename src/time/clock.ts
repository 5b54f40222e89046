/**
 * Where time enters retrywise. Only this file touches `setTimeout` and `Date.now`, and it reads them
 * from `globalThis` at call time, so `vi.useFakeTimers()` and `@sinonjs/fake-timers` installed
 * after import still control every sleep.
 */

/**
 * A source of time. Implement it to run retries on virtual time (see `FakeClock` in
 * `retrywise/testing`).
 *
 * @public
 */
export interface Clock {
  /** Milliseconds since an arbitrary, fixed origin. */
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

/** Cancels a timer from {@link startTimer}. Internal. */
export function stopTimer(timer: unknown): void {
  globalThis.clearTimeout(timer as ReturnType<typeof setTimeout>);
}

/**
 * The real clock: `Date.now()` and `setTimeout`, looked up on `globalThis` at each call.
 *
 * @public
 */
export const systemClock: Clock = /* @__PURE__ */ Object.freeze({
  now: (): number => globalThis.Date.now(),
  sleep: function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!(ms > 0)) return resolved;
    if (ms > MAX_TIMER_MS) {
      // Sleep in chunks that setTimeout honours.
      return sleep(MAX_TIMER_MS, signal).then(() => sleep(ms - MAX_TIMER_MS, signal));
    }
    return new Promise<void>((resolve, reject) => {
      // Without a signal, the timer holds `resolve` and nothing else: no closures, ~300 B less.
      if (signal === undefined) return void globalThis.setTimeout(resolve, ms);
      const timer = globalThis.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      function onAbort(this: AbortSignal): void {
        globalThis.clearTimeout(timer);
        reject(this.reason);
      }
      signal.addEventListener('abort', onAbort, { once: true });
    });
  },
});
