/**
 * One attempt: call the operation and settle to an outcome that never rejects. With
 * `attemptTimeoutMs`, the attempt is raced against its timeout and the run's signal and abandoned
 * when they fire first. Without it nothing races the attempt: the run itself listens to its signal
 * and abandons the attempt on an abort (see loop.ts).
 */

import { type AbortFollower, follow, unfollow } from '../abort/hub.js';
import { isThenable } from '../classify/inspect.js';
import type { AttemptContext } from '../observe/events.js';
import type { Policy } from '../policy/options.js';
import type { Clock } from '../time/clock.js';
import { AttemptTimeoutError } from './attempt-timeout-error.js';
import { sleepOn } from './sleep.js';

/** How an attempt ended. */
export type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: unknown }
  | { readonly ok: false; readonly aborted: true }
  /** The clock timing the attempt broke (its sleep threw, rejected or returned no promise). */
  | { readonly ok: false; readonly clockError: unknown };

export type Operation<T> = (ctx: AttemptContext) => T | PromiseLike<T>;

export function fulfilled(value: unknown): Outcome {
  return { ok: true, value };
}
export function rejected(error: unknown): Outcome {
  return { ok: false, error };
}
/**
 * A signal that never aborts, for attempts without signal or timeout: one for every such run.
 * Listeners added to it could never fire, so it keeps none: its own `addEventListener` and
 * `removeEventListener` do nothing. Otherwise every concurrent `fetch(url, { signal })` would
 * leave a listener on this one shared object (a `MaxListenersExceededWarning` past 10), and an
 * operation that never removes its listener would leak one per run for the life of the process.
 */
export const NEVER_ABORTED: AbortSignal = /* @__PURE__ */ neverAborted();

// A pure call rather than a module statement, so that a bundler drops it when unused.
function neverAborted(): AbortSignal {
  const signal = new AbortController().signal;
  const ignore = { value: (): void => {} };
  return Object.defineProperties(signal, { addEventListener: ignore, removeEventListener: ignore });
}

/** Calls `operation(ctx)` and settles to its outcome; a synchronous throw is a failure too. */
export function settle(operation: Operation<unknown>, ctx: AttemptContext): Promise<Outcome> {
  try {
    const result = operation(ctx);
    if (isThenable(result)) return Promise.resolve(result).then(fulfilled, rejected);
    return Promise.resolve(fulfilled(result));
  } catch (error) {
    return Promise.resolve(rejected(error));
  }
}

/**
 * One attempt. With `policy.attemptTimeoutMs` it is raced against the timeout and the run's
 * `signal`, and `ctx.signal` aborts with the run's reason or an {@link AttemptTimeoutError};
 * without it, `ctx.signal` is the run's signal and the caller handles an abort.
 */
export function runAttempt(
  policy: Policy,
  operation: Operation<unknown>,
  attempt: number,
  elapsedMs: number,
  name: string | undefined,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  const timeoutMs = policy.attemptTimeoutMs;
  if (timeoutMs === undefined) {
    const ctx: AttemptContext = { attempt, signal: signal ?? NEVER_ABORTED, elapsedMs, name };
    return settle(operation, ctx);
  }
  return new Promise<Outcome>((resolve) => {
    const timed = new TimedAttempt(resolve, signal);
    timed.start(policy.clock, timeoutMs, operation, { attempt, elapsedMs, name });
  });
}

const ABORTED: Outcome = Object.freeze({ ok: false, aborted: true });

/** An attempt raced against its timeout and the run's signal; the first to end it wins. */
class TimedAttempt implements AbortFollower {
  /** `ctx.signal` of the attempt. */
  readonly #controller = new AbortController();
  /** Ends the timeout's sleep once the attempt has ended. */
  readonly #timer = new AbortController();
  readonly #resolve: (outcome: Outcome) => void;
  readonly #signal: AbortSignal | undefined;
  #done = false;

  constructor(resolve: (outcome: Outcome) => void, signal: AbortSignal | undefined) {
    this.#resolve = resolve;
    this.#signal = signal;
  }

  start(
    clock: Clock,
    timeoutMs: number,
    operation: Operation<unknown>,
    fields: Omit<AttemptContext, 'signal'>,
  ): void {
    const signal = this.#signal;
    if (signal !== undefined) {
      follow(signal, this);
      if (signal.aborted) {
        this.handleEvent();
        return;
      }
    }
    sleepOn(clock, timeoutMs, this.#timer.signal).then(
      () => this.#fail(new AttemptTimeoutError(timeoutMs), false),
      (error: unknown) => this.#fail(error, true),
    );
    const ctx: AttemptContext = { ...fields, signal: this.#controller.signal };
    settle(operation, ctx).then((outcome) => this.#finish(outcome));
  }

  /** The run's signal aborted. */
  handleEvent(): void {
    this.#controller.abort(this.#signal?.reason);
    this.#finish(ABORTED);
  }

  /** The timeout passed, or the clock's sleep broke before the attempt ended. */
  #fail(error: unknown, clockBroke: boolean): void {
    if (this.#done) return;
    this.#controller.abort(error);
    this.#finish(clockBroke ? { ok: false, clockError: error } : rejected(error));
  }

  #finish(outcome: Outcome): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#signal !== undefined) unfollow(this.#signal, this);
    this.#timer.abort();
    this.#resolve(outcome);
  }
}
