/**
 * The retry loop of one run after its first attempt, as a state machine: one {@link RunState}
 * object holds everything a run needs between attempts, with methods instead of closures and no
 * suspended async frame, so a run asleep in backoff holds that object, its promise, the timer and
 * (with a signal) one listener entry — the state itself is the listener (`handleEvent`).
 */
import { type Operation, type Outcome, runAttempt } from './attempt.js';
import { releaseBudget, waitForBudget } from './budget-wait.js';
import { classify, RESULT_MATCHED } from './classify.js';
import { systemClock } from './clock.js';
import { callHook, logRetry } from './hooks.js';
import { unwrapMarker } from './markers.js';
import type { Policy } from './options.js';
import { planRetry } from './plan.js';
import { reportGiveUp, reportSuccess } from './report.js';
import { type GiveUpReason, MAX_RECORDED_ERRORS } from './retry-info.js';
import type { Verdict } from './verdict.js';

/** The longest delay `setTimeout` honours; longer sleeps go through `systemClock.sleep`. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Shared by runs until their first failure; frozen, so nothing can be added to it. */
const NO_ERRORS: readonly unknown[] = Object.freeze([]);

/** The per-run settings the loop needs, fixed when the run starts. */
export interface RunContext<T> {
  readonly policy: Policy;
  readonly operation: Operation<T>;
  /** When the first attempt started, on the policy's clock. */
  readonly startedAt: number;
  readonly name: string | undefined;
  readonly signal: AbortSignal | undefined;
  /** The tighter of `maxElapsedMs` and the per-run deadline, in elapsed-time terms. */
  readonly deadlineMs: number;
}

/**
 * Runs the loop for `ctx`: from the outcome of a first attempt already made, or from the first
 * attempt. Settles with the value, the last error, or the signal's reason.
 */
export function retryLoop<T>(ctx: RunContext<T>, first: Outcome | undefined): Promise<T> {
  let state!: RunState<T>;
  const promise = new Promise<T>((resolve, reject) => {
    state = new RunState(ctx, resolve, reject);
  });
  if (first === undefined) state.attemptNext();
  else state.settleAttempt(first);
  return promise;
}

/** A timer callback with no closure: `setTimeout(wake, ms, state)`. */
function wake(state: RunState<unknown>): void {
  state.woke();
}

class RunState<T> {
  readonly ctx: RunContext<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (reason: unknown) => void;
  attempt = 0;
  errors: readonly unknown[] = NO_ERRORS;
  previousDelayMs: number | undefined = undefined;
  /** The outcome of the last attempt, kept through the sleep for a refused budget wait. */
  last: Outcome | undefined = undefined;
  budgetWait = false;
  /** A retry slot taken from a budget we waited for, given back when the attempt ends. */
  reserved = false;
  timer: unknown = undefined;

  constructor(ctx: RunContext<T>, resolve: (value: T) => void, reject: (reason: unknown) => void) {
    this.ctx = ctx;
    this.resolve = resolve;
    this.reject = reject;
  }

  /** Starts the next attempt, unless aborted: never another attempt once aborted. */
  attemptNext(): void {
    try {
      const { policy, signal, startedAt, name } = this.ctx;
      const attempt = ++this.attempt;
      if (signal?.aborted) {
        this.abort(attempt - 1);
        return;
      }
      const elapsedMs = attempt === 1 ? 0 : policy.clock.now() - startedAt;
      const operation = this.ctx.operation as Operation<unknown>;
      runAttempt(policy, operation, attempt, elapsedMs, name, signal).then((outcome) =>
        this.settleAttempt(outcome),
      );
    } catch (error) {
      this.reject(error);
    }
  }

  /** After attempt `this.attempt` (counting from 1, the first may be made before the loop). */
  settleAttempt(outcome: Outcome): void {
    try {
      this.afterAttempt(outcome);
    } catch (error) {
      this.reject(error);
    }
  }

  private afterAttempt(outcome: Outcome): void {
    const { policy, signal, startedAt, name } = this.ctx;
    if (this.attempt === 0) this.attempt = 1;
    const attempt = this.attempt;
    if (this.reserved) releaseBudget(policy.budget);
    this.reserved = false;
    const elapsedMs = policy.clock.now() - startedAt;
    let verdict: Verdict;
    let error: unknown;
    if (outcome.ok) {
      if (!matches(policy, outcome.value)) {
        reportSuccess(policy, { attempts: attempt, elapsedMs, name });
        this.resolve(outcome.value as T);
        return;
      }
      verdict = RESULT_MATCHED;
    } else if ('aborted' in outcome) {
      this.abort(attempt, elapsedMs);
      return;
    } else {
      error = unwrapMarker(outcome.error);
      verdict = classify(outcome.error, policy, { attempt, now: startedAt + elapsedMs });
      this.errors = remember(this.errors, error);
    }
    const { previousDelayMs } = this;
    const plan = planRetry(
      policy,
      verdict,
      attempt,
      elapsedMs,
      previousDelayMs,
      this.ctx.deadlineMs,
    );
    if (!plan.retry) {
      this.stop(outcome, plan.reason, elapsedMs);
      return;
    }
    const event = { attempt, error, delayMs: plan.delayMs, verdict, elapsedMs, name };
    callHook(policy.onRetry, event);
    logRetry(policy.logger, event, policy.maxAttempts);
    if (signal?.aborted) {
      this.abort(attempt, elapsedMs);
      return;
    }
    this.last = outcome;
    this.previousDelayMs = plan.delayMs;
    this.budgetWait = plan.budgetWait === true;
    this.sleep(plan.delayMs);
  }

  private sleep(ms: number): void {
    const { clock } = this.ctx.policy;
    const { signal } = this.ctx;
    if (clock === systemClock && ms <= MAX_TIMER_MS) {
      if (!(ms > 0)) {
        this.woke();
        return;
      }
      this.timer = globalThis.setTimeout(wake, ms, this);
      signal?.addEventListener('abort', this, { once: true });
      return;
    }
    let slept: Promise<void>;
    try {
      slept = clock.sleep(ms, signal);
    } catch (error) {
      this.sleepFailed(error);
      return;
    }
    Promise.resolve(slept).then(
      () => this.woke(),
      (error: unknown) => this.sleepFailed(error),
    );
  }

  /** The signal aborted during a timer sleep (this object is the listener). */
  handleEvent(): void {
    globalThis.clearTimeout(this.timer as ReturnType<typeof setTimeout>);
    this.timer = undefined;
    this.abort(this.attempt);
  }

  /** The sleep ended: ask a refusing budget again if need be, then the next attempt. */
  woke(): void {
    this.timer = undefined;
    this.ctx.signal?.removeEventListener('abort', this);
    if (!this.budgetWait) {
      this.attemptNext();
      return;
    }
    const { policy, startedAt, deadlineMs, signal, name } = this.ctx;
    waitForBudget(policy, this.attempt, startedAt, deadlineMs, signal, name).then(
      (allowed) => this.budgetDone(allowed),
      (error: unknown) => this.sleepFailed(error),
    );
  }

  private budgetDone(allowed: boolean): void {
    if (allowed) {
      this.reserved = true;
      this.attemptNext();
      return;
    }
    try {
      const { policy, startedAt } = this.ctx;
      this.stop(this.last as Outcome, 'budget', policy.clock.now() - startedAt);
    } catch (error) {
      this.reject(error);
    }
  }

  /** A sleep rejected: aborted, or a broken clock (its error, not a silent retry). */
  private sleepFailed(error: unknown): void {
    if (this.ctx.signal?.aborted) {
      this.abort(this.attempt);
      return;
    }
    this.reject(error);
  }

  /** Gives up with the signal's reason after `attempts` attempts. */
  private abort(attempts: number, elapsedMs?: number): void {
    try {
      const { policy, signal, startedAt, name } = this.ctx;
      const reason: unknown = signal?.reason;
      const elapsed = elapsedMs ?? policy.clock.now() - startedAt;
      reportGiveUp(
        policy,
        { attempts, error: reason, reason: 'aborted', elapsedMs: elapsed, name },
        this.errors,
      );
      this.reject(reason);
    } catch (error) {
      this.reject(error);
    }
  }

  /**
   * Gives up after a failed attempt, or after a value `retryIf` kept matching: reported the same
   * way (hook and log line; `error` is `undefined` for a value), then the run rejects with the
   * error or resolves with the value.
   */
  private stop(outcome: Outcome, reason: GiveUpReason, elapsedMs: number): void {
    const { policy, name } = this.ctx;
    const error = outcome.ok || 'aborted' in outcome ? undefined : unwrapMarker(outcome.error);
    const attempts = this.attempt;
    reportGiveUp(policy, { attempts, error, reason, elapsedMs, name }, this.errors);
    if (outcome.ok) this.resolve(outcome.value as T);
    else this.reject(error);
  }
}

/** `true` when `retryIf` asks to retry `value`; a throwing `retryIf` does not. */
function matches(policy: Policy, value: unknown): boolean {
  if (policy.retryIf === undefined) return false;
  try {
    return policy.retryIf(value) === true;
  } catch {
    return false;
  }
}

/**
 * `errors` with `error` added (the oldest dropped beyond {@link MAX_RECORDED_ERRORS}). The first
 * failure makes a one-slot array: a push onto an empty array would reserve 17 slots (152 bytes),
 * held by every run asleep in backoff.
 */
function remember(errors: readonly unknown[], error: unknown): readonly unknown[] {
  if (errors.length === 0) return [error];
  const list = errors as unknown[];
  if (list.length === MAX_RECORDED_ERRORS) list.shift();
  list.push(error);
  return list;
}
