/**
 * The retry loop of one run after its first attempt, as a state machine: one object per run
 * (a {@link RunState}) with methods instead of closures and no suspended async frame. A run
 * asleep in backoff holds that object, its promise, its errors, the timer and (with a signal)
 * one entry in the signal's abort hub: the state itself is the follower, added once when the loop
 * starts and removed when the run settles. An abort during an attempt abandons it (its later
 * outcome is ignored); during a sleep, a budget wait or `beforeRetry` it ends the wait; either
 * way the run settles at once. `totalTimeoutMs` ends it the same way, with its own error.
 */

import { follow } from '../abort/hub.js';
import { releaseBudget, waitForBudget } from '../budget/wait.js';
import { classify, RESULT_MATCHED } from '../classify/classify.js';
import { isThenable } from '../classify/inspect.js';
import { unwrapMarker } from '../classify/markers.js';
import { retryIfMatches } from '../classify/retry-if.js';
import type { Verdict } from '../classify/verdict.js';
import type { RetryEvent } from '../observe/events.js';
import { callHook, logRetry } from '../observe/hooks.js';
import { reportSuccess } from '../observe/report.js';
import { planRetry } from '../policy/plan.js';
import { elapsedSince } from '../time/elapsed.js';
import { NEVER_ABORTED, type Operation, type Outcome, runAttempt } from './attempt.js';
import { remember } from './history.js';
import { sleepFor } from './sleep.js';
import { BUDGET_WAIT, KEPT_VALUE, RESERVED, type RunContext, RunState, SETTLED } from './state.js';
import { TotalLimit } from './total-limit.js';

/**
 * Runs the loop for `ctx`, from the outcome of a first attempt already made or from the first
 * attempt. Settles with the value, the last error, the signal's reason or a TotalTimeoutError.
 */
export function retryLoop<T>(ctx: RunContext<T>, first: Outcome | undefined): Promise<T> {
  let state: RunLoop<T> | undefined;
  const promise = new Promise<T>((resolve, reject) => {
    state = new RunLoop(ctx, resolve, reject);
  });
  const loop = state as RunLoop<T>;
  try {
    // The run follows its signal from here to settle (one already aborted is seen next).
    if (ctx.signal !== undefined) follow(ctx.signal, loop);
    const { totalTimeoutMs, clock } = ctx.policy;
    if (totalTimeoutMs !== undefined) {
      loop.limit = new TotalLimit(loop, clock, totalTimeoutMs);
    }
  } catch (error) {
    loop.fail(error); // a hostile signal's addEventListener threw
    return promise;
  }
  if (first === undefined) loop.attemptNext();
  else loop.settle(first, 1);
  return promise;
}

class RunLoop<T> extends RunState<T> {
  /** Starts the next attempt, unless the run has settled or aborted meanwhile. */
  attemptNext(): void {
    if (this.flags & SETTLED) return;
    const attempt = ++this.attempt;
    try {
      if (this.signal?.aborted) {
        this.abort(attempt - 1);
        return;
      }
      const elapsedMs = attempt === 1 ? 0 : elapsedSince(this.policy.clock, this.startedAt);
      const { policy, name } = this;
      const { throttle } = policy;
      if (throttle !== undefined && !throttle.allow()) {
        this.rejectLocally(throttle, attempt - 1, elapsedMs);
        return;
      }
      const operation = this.operation as Operation<unknown>;
      const outcome = runAttempt(policy, operation, attempt, elapsedMs, name, this.attemptSignal);
      outcome.then(
        (ended) => this.settle(ended, attempt),
        (error: unknown) => this.fail(error),
      );
    } catch (error) {
      this.fail(error);
    }
  }

  /** After attempt `attempt` (counting from 1) ended with `outcome`; ignored once settled. */
  settle(outcome: Outcome, attempt: number): void {
    if (this.flags & SETTLED) return;
    this.attempt = attempt;
    try {
      this.decide(outcome, attempt);
    } catch (error) {
      this.fail(error);
    }
  }

  private decide(outcome: Outcome, attempt: number): void {
    const { policy, startedAt, name } = this;
    if (this.flags & RESERVED) releaseBudget(policy.budget);
    this.flags = 0;
    this.value = undefined;
    const elapsedMs = elapsedSince(policy.clock, startedAt);
    let verdict: Verdict;
    let error: unknown;
    if (outcome.ok) {
      let matched: boolean;
      try {
        matched = retryIfMatches(policy.retryIf, outcome.value);
      } catch (thrown) {
        // A retryIf that throws (or answers with no boolean) is a bug that no retry fixes: the run
        // rejects with its error.
        remember(this, thrown);
        this.stop('non-retryable', elapsedMs);
        return;
      }
      if (!matched) {
        this.end();
        reportSuccess(policy, { attempts: attempt, elapsedMs, name });
        this.resolve(outcome.value as T);
        return;
      }
      this.flags = KEPT_VALUE;
      this.value = outcome.value;
      verdict = RESULT_MATCHED;
    } else if ('aborted' in outcome) {
      this.abort(attempt, elapsedMs);
      return;
    } else if ('clockError' in outcome) {
      this.fail(outcome.clockError); // the clock timing the attempt broke: its error, as in backoff
      return;
    } else {
      error = unwrapMarker(outcome.error);
      verdict = classify(outcome.error, policy, { attempt, now: startedAt + elapsedMs });
      remember(this, error);
    }
    const previous = this.previousDelayMs;
    const plan = planRetry(policy, verdict, attempt, elapsedMs, previous, this.deadlineMs);
    if (!plan.retry) {
      this.stop(plan.reason, elapsedMs, plan.hintMs);
      return;
    }
    const attemptsLeft = policy.maxAttempts - attempt;
    const { delayMs } = plan;
    const event: RetryEvent = { attempt, attemptsLeft, error, delayMs, verdict, elapsedMs, name };
    callHook(policy.onRetry, event);
    logRetry(policy.logger, event, policy.maxAttempts);
    if (this.signal?.aborted) {
      this.abort(attempt, elapsedMs);
      return;
    }
    if (policy.beforeRetry !== undefined) this.retryEvent = event;
    this.previousDelayMs = delayMs;
    if (plan.budgetWait) this.flags |= BUDGET_WAIT;
    sleepFor(this, policy.clock, delayMs);
  }

  /** The sleep ended: ask a refusing budget again if need be, then the next attempt. */
  woke(): void {
    if (this.flags & SETTLED) return;
    if (!(this.flags & BUDGET_WAIT)) {
      this.beforeNext();
      return;
    }
    const { policy, startedAt, deadlineMs, signal, name } = this;
    waitForBudget(policy, this.attempt, startedAt, deadlineMs, signal, name).then(
      (allowed) => this.budgetAnswered(allowed),
      (error: unknown) => this.sleepFailed(error),
    );
  }

  private budgetAnswered(allowed: boolean): void {
    if (this.flags & SETTLED) {
      if (allowed) releaseBudget(this.policy.budget); // the slot it reserved for nothing
      return;
    }
    if (allowed) {
      this.flags = (this.flags & KEPT_VALUE) | RESERVED;
      this.beforeNext();
      return;
    }
    try {
      this.stop('budget', this.policy.clock.now() - this.startedAt);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Awaits `beforeRetry`, if any, then the next attempt; its failure ends the run. */
  private beforeNext(): void {
    const hook = this.policy.beforeRetry;
    const event = this.retryEvent;
    if (hook === undefined || event === undefined) {
      this.attemptNext();
      return;
    }
    this.retryEvent = undefined;
    let result: unknown;
    try {
      result = hook({ ...event, signal: this.attemptSignal ?? NEVER_ABORTED });
      if (!isThenable(result)) {
        this.attemptNext();
        return;
      }
    } catch (error) {
      this.hookFailed(error);
      return;
    }
    Promise.resolve(result).then(
      () => this.attemptNext(),
      (error: unknown) => this.hookFailed(error),
    );
  }

  private hookFailed(error: unknown): void {
    if (this.flags & SETTLED) return;
    try {
      remember(this, error);
      this.stop('non-retryable', this.policy.clock.now() - this.startedAt);
    } catch (thrown) {
      this.fail(thrown);
    }
  }
}
