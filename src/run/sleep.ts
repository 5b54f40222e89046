/**
 * The backoff sleep of a run in the retry loop, without a promise on the system clock: a timer
 * whose callback gets the run as its argument, so a run asleep holds no closure. A user clock
 * sleeps through its promise. The run follows its signal for its whole life (see loop.ts), so
 * an abort during either kind of sleep reaches it without a listener per sleep.
 *
 * A zero delay on the system clock (`initialDelayMs: 0`, `random: () => 0` with full jitter)
 * retries on the microtask queue, where timers, I/O and aborts never get a turn: every
 * {@link HOPS_PER_TURN} zero-delay retries, the run yields one turn of the event loop.
 */
import { isThenable } from '../classify/inspect.js';
import { typeName } from '../policy/validate.js';
import { type Clock, MAX_TIMER_MS, startTimer, stopTimer, systemClock } from '../time/clock.js';
import { nextTurn } from '../time/next-turn.js';

/** A run that sleeps: told when the sleep ends or fails. */
export interface Sleeper {
  /** The pending timer of a timer sleep. */
  timer: unknown;
  /** Zero-delay retries since the run last yielded a turn of the event loop. */
  hops: number;
  /** The run's signal, passed to a user clock's `sleep`. */
  readonly signal: AbortSignal | undefined;
  /** Called when the sleep has ended. */
  woke(): void;
  /** Called when a clock's sleep rejects or throws (an abort, or a broken clock). */
  sleepFailed(error: unknown): void;
}

/**
 * How many zero-delay retries a run makes on the microtask queue before it yields a turn of the
 * event loop: few enough that a timer or an abort waits microseconds, many enough that the yield
 * costs little per retry (see `npm run bench -- zero-delay`).
 */
export const HOPS_PER_TURN = 16;

function wake(sleeper: Sleeper): void {
  sleeper.timer = undefined;
  sleeper.woke();
}

/** Wakes at once, or after a turn of the event loop every {@link HOPS_PER_TURN} zero-delay hops. */
function hop(sleeper: Sleeper): void {
  if (++sleeper.hops < HOPS_PER_TURN) {
    sleeper.woke();
    return;
  }
  sleeper.hops = 0;
  nextTurn(wake, sleeper);
}

/** Sleeps `ms` on `clock`, then calls `sleeper.woke()`. */
export function sleepFor(sleeper: Sleeper, clock: Clock, ms: number): void {
  if (clock === systemClock && ms <= MAX_TIMER_MS) {
    if (ms > 0) sleeper.timer = startTimer(wake, ms, sleeper);
    else hop(sleeper);
    return;
  }
  // A user clock decides when its sleeps end (a FakeClock fires them in `advance`/`runAll`).
  sleepOn(clock, ms, sleeper.signal).then(
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

/**
 * `clock.sleep(ms, signal)` as a promise that rejects, instead of throwing or hanging, when the
 * clock is broken: a `sleep` that throws rejects with its error, one that returns no promise
 * rejects with a `TypeError` that says so.
 */
export function sleepOn(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  let slept: unknown;
  try {
    slept = clock.sleep(ms, signal);
  } catch (error) {
    return Promise.reject(error);
  }
  if (!isThenable(slept)) {
    return Promise.reject(
      new TypeError(`clock.sleep must return a promise, got ${typeName(slept)}`),
    );
  }
  return Promise.resolve(slept as PromiseLike<void>);
}
