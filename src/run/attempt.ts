/**
 * One attempt: call the operation and settle to an outcome that never rejects. With
 * `attemptTimeoutMs`, the attempt is raced against its timeout and the run's signal and abandoned
 * when they fire first. Without it nothing races the attempt: the run itself listens to its signal
 * and abandons the attempt on an abort (see run-loop.ts).
 */

import type { AttemptContext } from '../observe/events.js';
import type { Policy } from '../policy/options.js';
import { AttemptTimeoutError } from './attempt-timeout-error.js';

/** How an attempt ended. */
export type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: unknown }
  | { readonly ok: false; readonly aborted: true };

export type Operation<T> = (ctx: AttemptContext) => T | PromiseLike<T>;

export function fulfilled(value: unknown): Outcome {
  return { ok: true, value };
}
export function rejected(error: unknown): Outcome {
  return { ok: false, error };
}
function noop(): void {}

/** A signal that never aborts, for attempts without signal or timeout. */
export const NEVER_ABORTED: AbortSignal = /* @__PURE__ */ neverAborted();

// A pure call rather than a module statement, so that a bundler drops it when unused.
function neverAborted(): AbortSignal {
  return new AbortController().signal;
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

/** `true` for a value with a `then` method; a throwing `then` getter is thrown on. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    ((typeof value === 'object' && value !== null) || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
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
  const controller = new AbortController();
  const timer = new AbortController();
  const ctx: AttemptContext = { attempt, signal: controller.signal, elapsedMs, name };
  return new Promise<Outcome>((resolve) => {
    let done = false;
    const finish = (outcome: Outcome): void => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      timer.abort();
      resolve(outcome);
    };
    function onAbort(): void {
      controller.abort(signal?.reason);
      finish({ ok: false, aborted: true });
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) return onAbort();
    policy.clock.sleep(timeoutMs, timer.signal).then(() => {
      if (done) return;
      const error = new AttemptTimeoutError(timeoutMs);
      controller.abort(error);
      finish(rejected(error));
    }, noop);
    settle(operation, ctx).then(finish);
  });
}
