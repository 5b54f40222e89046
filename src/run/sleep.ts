/**
 * The backoff sleep of a run in the retry loop, without a promise on the system clock: a timer
 * whose callback gets the run as its argument, so a run asleep holds no closure. A user clock
 * sleeps through its promise. The run listens to its signal for its whole life (see run-loop.ts),
 * so an abort during either kind of sleep reaches it without a listener per sleep.
 */
import { type Clock, MAX_TIMER_MS, startTimer, stopTimer, systemClock } from '../time/clock.js';

/** A run that sleeps: told when the sleep ends or fails. */
export interface Sleeper {
  /** The pending timer of a timer sleep. */
  timer: unknown;
  /** The run's signal, passed to a user clock's `sleep`. */
  readonly signal: AbortSignal | undefined;
  /** Called when the sleep has ended. */
  woke(): void;
  /** Called when a clock's sleep rejects or throws (an abort, or a broken clock). */
  sleepFailed(error: unknown): void;
}

function wake(sleeper: Sleeper): void {
  sleeper.timer = undefined;
  sleeper.woke();
}

/** Sleeps `ms` on `clock`, then calls `sleeper.woke()` (at once when `ms` is not > 0). */
export function sleepFor(sleeper: Sleeper, clock: Clock, ms: number): void {
  if (clock === systemClock && ms <= MAX_TIMER_MS) {
    if (!(ms > 0)) {
      sleeper.woke();
      return;
    }
    sleeper.timer = startTimer(wake, ms, sleeper);
    return;
  }
  let slept: PromiseLike<void>;
  try {
    slept = clock.sleep(ms, sleeper.signal);
  } catch (error) {
    sleeper.sleepFailed(error);
    return;
  }
  Promise.resolve(slept).then(
    () => sleeper.woke(),
    (error: unknown) => sleeper.sleepFailed(error),
  );
}

/** Ends a timer sleep early (on abort): clears the timer, if any. */
export function stopSleeping(sleeper: Sleeper): void {
  if (sleeper.timer === undefined) return;
  stopTimer(sleeper.timer);
  sleeper.timer = undefined;
}
