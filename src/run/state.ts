/**
 * The state of one run in the retry loop ({@link RunState}), and how it ends: with the signal's
 * reason, with the last error, with the last value `retryIf` kept matching, or with a
 * `TotalTimeoutError` when `totalTimeoutMs` passes.
 */
import { type AbortFollower, unfollow } from '../abort/hub.js';
import { releaseBudget } from '../budget/wait.js';
import type { RetryEvent } from '../observe/events.js';
import { reportGiveUp, reportLocalRejection } from '../observe/report.js';
import type { GiveUpReason } from '../observe/retry-info.js';
import type { Policy } from '../policy/options.js';
import type { AdaptiveThrottle } from '../throttle/adaptive-throttle.js';
import type { Operation } from './attempt.js';
import { errorsOf, type History, lastError } from './history.js';
import { type Sleeper, stopSleeping } from './sleep.js';
import type { Limited, TotalLimit } from './total-limit.js';
import { TotalTimeoutError } from './total-timeout-error.js';

/** The per-run settings of the loop, fixed when the run starts (copied into its state). */
export type RunContext<T> = Pick<
  RunState<T>,
  'policy' | 'operation' | 'startedAt' | 'name' | 'signal' | 'deadlineMs'
>;

/** `flags` bits. */
export const BUDGET_WAIT = 1; // the budget refused the retry: ask it again after the sleep
export const RESERVED = 2; // a retry slot taken from a budget we waited for, released after the attempt
export const KEPT_VALUE = 4; // the last attempt returned `value`, which `retryIf` matched
export const SETTLED = 8; // the run has settled: every later callback is ignored

/**
 * Everything one run in the loop holds between attempts, and how it ends; the loop itself is
 * the subclass `RunLoop` (loop.ts). One object per run, no closures: memory per run asleep in
 * backoff is what `npm run bench -- memory` measures.
 */
export abstract class RunState<T> implements History, Sleeper, AbortFollower, Limited {
  // The context's fields, copied: a reference to the context would cost a second object per run.
  readonly policy: Policy;
  readonly operation: Operation<T>;
  /** When the first attempt started, on the policy's clock. */
  readonly startedAt: number;
  readonly name: string | undefined;
  /** The run's signal (the retryer's, the run's, or one that follows both). */
  readonly signal: AbortSignal | undefined;
  /** The tightest of `maxElapsedMs`, `totalTimeoutMs` and the per-run deadline, in elapsed ms. */
  readonly deadlineMs: number;
  readonly resolve: (value: T) => void;
  readonly reject: (reason: unknown) => void;
  attempt = 0;
  flags = 0;
  previousDelayMs: number | undefined = undefined;
  /** The value of the last attempt, while `KEPT_VALUE`. */
  value: unknown = undefined;
  timer: unknown = undefined;
  hops = 0;
  /** The errors remembered (see history.ts). */
  count = 0;
  kept: unknown = undefined;
  /** `totalTimeoutMs`, when set: the attempts' signal and the timer that ends the run. */
  limit: TotalLimit | undefined = undefined;
  /** The retry `beforeRetry` is told about after the sleep (kept only when it is set). */
  retryEvent: RetryEvent | undefined = undefined;

  constructor(ctx: RunContext<T>, resolve: (value: T) => void, reject: (reason: unknown) => void) {
    this.policy = ctx.policy;
    this.operation = ctx.operation;
    this.startedAt = ctx.startedAt;
    this.name = ctx.name;
    this.signal = ctx.signal;
    this.deadlineMs = ctx.deadlineMs;
    this.resolve = resolve;
    this.reject = reject;
  }

  abstract woke(): void;

  /** `ctx.signal` of the attempts: the limit's when `totalTimeoutMs` is set, else the run's. */
  get attemptSignal(): AbortSignal | undefined {
    return this.limit === undefined ? this.signal : this.limit.controller.signal;
  }

  /** The signal aborted (the run follows it from start to settle): settles at once. */
  handleEvent(): void {
    if (this.flags & SETTLED) return;
    stopSleeping(this);
    this.abort(this.attempt);
  }

  /** A sleep rejected or threw: aborted, or a broken clock (its error, not a silent retry). */
  sleepFailed(error: unknown): void {
    if (this.flags & SETTLED) return;
    if (this.signal?.aborted) this.abort(this.attempt);
    else this.fail(error);
  }

  /** `totalTimeoutMs` passed: the attempt in flight is aborted, the run rejects at once. */
  expire(): void {
    if (this.flags & SETTLED) return;
    stopSleeping(this);
    const { policy, name, attempt } = this;
    const error = new TotalTimeoutError(policy.totalTimeoutMs as number, lastError(this));
    this.end();
    this.limit?.controller.abort(error);
    try {
      const elapsedMs = policy.clock.now() - this.startedAt;
      const event = { attempts: attempt, error, reason: 'deadline', elapsedMs, name } as const;
      reportGiveUp(policy, event, errorsOf(this));
    } finally {
      this.reject(error);
    }
  }

  /**
   * Marks the run settled before any hook runs (a hook that aborts cannot settle it twice),
   * stops following the signal and the limit's timer, and gives back a budget slot an attempt
   * still held.
   */
  protected end(): void {
    const { flags } = this;
    this.flags = flags | SETTLED;
    this.retryEvent = undefined;
    this.limit?.stop();
    if (this.signal !== undefined) unfollow(this.signal, this);
    if (flags & RESERVED) releaseBudget(this.policy.budget);
  }

  /**
   * Rejects with `error` (a broken clock, budget or logger): also when the run was marked settled
   * but a reporter threw before it resolved; a promise already settled ignores it.
   */
  fail(error: unknown): void {
    if (!(this.flags & SETTLED)) this.end();
    this.reject(error);
  }

  /** Gives up with the signal's reason after `attempts` attempts, unless already settled. */
  protected abort(attempts: number, elapsedMs?: number): void {
    if (this.flags & SETTLED) return;
    this.end();
    const reason: unknown = this.signal?.reason;
    this.limit?.controller.abort(reason); // the attempt in flight hears it through its own signal
    try {
      const elapsed = elapsedMs ?? this.policy.clock.now() - this.startedAt;
      const { policy, name } = this;
      const event = {
        attempts,
        error: reason,
        reason: 'aborted',
        elapsedMs: elapsed,
        name,
      } as const;
      reportGiveUp(policy, event, errorsOf(this));
    } finally {
      this.reject(reason);
    }
  }

  /** The throttle rejected the attempt after `attempts`: the run rejects with its error. */
  protected rejectLocally(throttle: AdaptiveThrottle, attempts: number, elapsedMs: number): void {
    this.end();
    const { policy, name } = this;
    this.reject(
      reportLocalRejection(policy, throttle, { attempts, elapsedMs, name }, errorsOf(this)),
    );
  }

  /**
   * Gives up after a failed attempt, or after a value `retryIf` kept matching: reported the same
   * way (hook and log line), then the run rejects with the error or resolves with the value
   * (`result` in the event; `error` is `undefined`).
   */
  protected stop(reason: GiveUpReason, elapsedMs: number, hintMs?: number): void {
    this.end();
    const { attempt: attempts, name, policy } = this;
    const keptValue = (this.flags & KEPT_VALUE) !== 0;
    const error = keptValue ? undefined : lastError(this);
    const hint = hintMs === undefined ? undefined : { hintMs };
    const event = keptValue
      ? { attempts, error, reason, elapsedMs, name, result: this.value, ...hint }
      : { attempts, error, reason, elapsedMs, name, ...hint };
    reportGiveUp(policy, event, errorsOf(this));
    if (keptValue) this.resolve(this.value as T);
    else this.reject(error);
  }
}
