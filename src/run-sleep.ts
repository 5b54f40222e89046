/**
 * The backoff sleep of a run in the retry loop, without a promise on the system clock: a timer
 * whose callback gets the run as its argument, and the run itself as the abort listener
 * (`handleEvent`), so a run asleep holds no closure. A user clock sleeps through its promise.
 */
import { type Clock, MAX_TIMER_MS, startTimer, stopTimer, systemClock } from './clock.js';

/** A run that sleeps: told when the sleep ends, fails, or (timer sleeps) is aborted. */
export interface Sleeper {
  /** The pending timer of a timer sleep. */
  timer: unknown;
  /** The run's signal, listened to during a timer sleep. */
  readonly signal: AbortSignal | undefined;
  /** Called when the sleep has ended. */
  woke(): void;
  /** Called when a clock's sleep rejects or throws (an abort, or a broken clock). */
  sleepFailed(error: unknown): void;
  /** Called when `signal` aborts during a timer sleep; the timer is already cleared. */
  handleEvent(): void;
}

function wake(sleeper: Sleeper): void {
  sleeper.timer = undefined;
  sleeper.signal?.removeEventListener('abort', sleeper);
  sleeper.woke();
}

/** Sleeps `ms` on `clock`, then calls `sleeper.woke()` (at once when `ms` is not > 0). */
export function sleepFor(sleeper: Sleeper, clock: Clock, ms: number): void {
  const { signal } = sleeper;
  if (clock === systemClock && ms <= MAX_TIMER_MS) {
    if (!(ms > 0)) {
      sleeper.woke();
      return;
    }
    sleeper.timer = startTimer(wake, ms, sleeper);
    signal?.addEventListener('abort', sleeper);
    return;
  }
  let slept: PromiseLike<void>;
  try {
    slept = clock.sleep(ms, signal);
  } catch (error) {
    sleeper.sleepFailed(error);
    return;
  }
  Promise.resolve(slept).then(
    () => sleeper.woke(),
    (error: unknown) => sleeper.sleepFailed(error),
  );
}

/** Ends a timer sleep early (on abort): clears the timer and stops listening to the signal. */
export function stopSleeping(sleeper: Sleeper): void {
  stopTimer(sleeper.timer);
  sleeper.timer = undefined;
  sleeper.signal?.removeEventListener('abort', sleeper);
}
