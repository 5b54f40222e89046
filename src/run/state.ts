/**
 * The state of one run in the retry loop ({@link RunState}), and how it gives up: with the
 * signal's reason, with the last error, or with the last value `retryIf` kept matching.
 */

import { type AbortFollower, unfollow } from '../abort/hub.js';
import { releaseBudget } from '../budget/wait.js';
import { reportGiveUp } from '../observe/report.js';
import type { GiveUpReason } from '../observe/retry-info.js';
import type { Policy } from '../policy/options.js';
import type { Operation } from './attempt.js';
import { errorsOf, type History, lastError } from './history.js';
import { type Sleeper, stopSleeping } from './sleep.js';

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
 * Everything one run in the loop holds between attempts, and how it gives up; the loop itself
 * is the subclass `RunLoop` (run-loop.ts). One object per run, no closures: memory per run
 * asleep in backoff is what `npm run bench -- memory` measures.
 */
export abstract class RunState<T> implements History, Sleeper, AbortFollower {
  // The context's fields, copied: a reference to the context would cost a second object per run.
  readonly policy: Policy;
  readonly operation: Operation<T>;
  /** When the first attempt started, on the policy's clock. */
  readonly startedAt: number;
  readonly name: string | undefined;
  readonly signal: AbortSignal | undefined;
  /** The tighter of `maxElapsedMs` and the per-run deadline, in elapsed-time terms. */
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
  /** The errors remembered (see run-history.ts). */
  count = 0;
  kept: unknown = undefined;

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

  /** The signal aborted (the run listens from start to settle): settles at once. */
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

  /**
   * Marks the run settled before any hook runs (a hook that aborts cannot settle it twice),
   * stops listening to the signal, and gives back a budget slot an attempt still held.
   */
  protected end(): void {
    const { flags } = this;
    this.flags = flags | SETTLED;
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

  /**
   * Gives up after a failed attempt, or after a value `retryIf` kept matching: reported the same
   * way (hook and log line; `error` is `undefined` for a value), then the run rejects with the
   * error or resolves with the value.
   */
  protected stop(reason: GiveUpReason, elapsedMs: number): void {
    this.end();
    const keptValue = (this.flags & KEPT_VALUE) !== 0;
    const error = keptValue ? undefined : lastError(this);
    const event = { attempts: this.attempt, error, reason, elapsedMs, name: this.name };
    reportGiveUp(this.policy, event, errorsOf(this));
    if (keptValue) this.resolve(this.value as T);
    else this.reject(error);
  }
}

/** `true` when `retryIf` asks to retry `value`; a throwing `retryIf` does not. */
export function matches(policy: Policy, value: unknown): boolean {
  if (policy.retryIf === undefined) return false;
  try {
    return policy.retryIf(value) === true;
  } catch {
    return false;
  }
}
