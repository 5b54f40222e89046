/**
 * `totalTimeoutMs`: the limit on a whole run, attempts, sleeps and waits included. When it passes
 * the run ends at once: `ctx.signal` of the attempt in flight aborts with a
 * {@link TotalTimeoutError} and the run rejects with it. Only a run with the option set makes
 * one: its own `ctx.signal` (so that the limit can abort it) and one timer.
 */
import { type Clock, MAX_TIMER_MS, startTimer, stopTimer, systemClock } from '../time/clock.js';
import { sleepOn } from './sleep.js';

/** The run a limit ends. */
export interface Limited {
  /** The limit passed. */
  expire(): void;
  /** The clock's sleep for the limit broke: its error. */
  fail(error: unknown): void;
}

function expire(run: Limited): void {
  run.expire();
}

/** The limit of one run: its attempts' signal, and the timer that ends it. */
export class TotalLimit {
  /** `ctx.signal` of every attempt of the run: aborts when the limit passes or the run aborts. */
  readonly controller = new AbortController();
  #timer: unknown;
  #stopper: AbortController | undefined;

  constructor(run: Limited, clock: Clock, timeoutMs: number) {
    if (clock === systemClock && timeoutMs <= MAX_TIMER_MS) {
      this.#timer = startTimer(expire, timeoutMs, run);
      return;
    }
    const stopper = new AbortController();
    this.#stopper = stopper;
    sleepOn(clock, timeoutMs, stopper.signal).then(
      () => run.expire(),
      (error: unknown) => {
        if (!stopper.signal.aborted) run.fail(error);
      },
    );
  }

  /** The run has settled: the timer goes. `ctx.signal` is left as it is. */
  stop(): void {
    if (this.#timer !== undefined) stopTimer(this.#timer);
    this.#timer = undefined;
    this.#stopper?.abort();
  }
}
