/**
 * Hedging (`hedgeDelayMs`, gRPC A6 `hedgingPolicy`): attempt 1 starts at once; while no attempt
 * has succeeded, another starts every `hedgeDelayMs`, up to `maxAttempts` in all. The first
 * success wins and every other attempt in flight is aborted through its own `ctx.signal`. A
 * retryable failure starts the next attempt at once, or after a server's hint; a non-retryable
 * one ends the run and aborts the others. Once no further attempt may start (attempts, deadline,
 * budget, a hint too long), the run waits for those in flight and gives up with that reason when
 * the last one fails. Entered from `startRun` only when `hedgeDelayMs` is set.
 *
 * Each attempt follows the attempts' signal of the run (the run's, or the `totalTimeoutMs`
 * limit's) through the abort hub, so an abort reaches every attempt with the run's reason; the
 * run aborts the losers itself when it settles otherwise.
 *
 * @see https://github.com/grpc/proposal/blob/master/A6-client-retries.md#hedging-policy
 */
import { type AbortFollower, follow, unfollow } from '../abort/hub.js';
import { classify, HEDGE_DUE, RESULT_MATCHED } from '../classify/classify.js';
import { unwrapMarker } from '../classify/markers.js';
import { retryIfMatches } from '../classify/retry-if.js';
import type { Verdict } from '../classify/verdict.js';
import type { RetryEvent } from '../observe/events.js';
import { callHook, logRetry } from '../observe/hooks.js';
import { reportSuccess } from '../observe/report.js';
import type { GiveUpReason } from '../observe/retry-info.js';
import { MAX_TIMER_MS, startTimer, systemClock } from '../time/clock.js';
import { elapsedSince } from '../time/elapsed.js';
import { type Operation, type Outcome, runAttempt } from './attempt.js';
import { remember } from './history.js';
import { sleepOn, stopSleeping } from './sleep.js';
import { KEPT_VALUE, type RunContext, RunState, SETTLED } from './state.js';
import { TotalLimit } from './total-limit.js';

/** Runs `ctx` as a hedging run. */
export function hedgeRun<T>(ctx: RunContext<T>): Promise<T> {
  let run: HedgeRun<T> | undefined;
  const promise = new Promise<T>((resolve, reject) => {
    run = new HedgeRun(ctx, resolve, reject);
  });
  (run as HedgeRun<T>).start();
  return promise;
}

/** One attempt of a hedging run: its own `ctx.signal`, aborted with the run's reason. */
class Hedge implements AbortFollower {
  readonly controller = new AbortController();
  constructor(
    readonly attempt: number,
    readonly from: AbortSignal | undefined,
  ) {}

  handleEvent(): void {
    this.controller.abort(this.from?.reason);
  }
}

function wake(run: HedgeRun<unknown>): void {
  run.timer = undefined;
  run.woke();
}

class HedgeRun<T> extends RunState<T> {
  /** The attempts in flight. */
  readonly inFlight = new Set<Hedge>();
  /** Why no further attempt may start, once one may not. */
  halt: GiveUpReason | undefined = undefined;
  haltHintMs: number | undefined = undefined;
  /** Ends a pending user-clock sleep (the system clock's is `timer`). */
  stopper: AbortController | undefined = undefined;
  /** The pending wake follows a failure whose `onRetry` was told already. */
  afterFailure = false;

  start(): void {
    try {
      if (this.signal !== undefined) follow(this.signal, this);
      const { totalTimeoutMs, clock } = this.policy;
      if (totalTimeoutMs !== undefined) this.limit = new TotalLimit(this, clock, totalTimeoutMs);
    } catch (error) {
      this.fail(error); // a hostile signal's addEventListener threw
      return;
    }
    this.launch();
  }

  /** Starts the next attempt, then arms the hedge after it. */
  private launch(): void {
    if (this.flags & SETTLED) return;
    const { policy, name } = this;
    const attempt = ++this.attempt;
    const from = this.attemptSignal;
    const hedge = new Hedge(attempt, from);
    try {
      if (this.signal?.aborted) {
        this.abort(attempt - 1);
        return;
      }
      if (from !== undefined) follow(from, hedge);
      this.inFlight.add(hedge);
      const elapsedMs = attempt === 1 ? 0 : elapsedSince(policy.clock, this.startedAt);
      const operation = this.operation as Operation<unknown>;
      runAttempt(policy, operation, attempt, elapsedMs, name, hedge.controller.signal).then(
        (outcome) => this.ended(hedge, outcome),
        (error: unknown) => this.fail(error),
      );
      const delayMs = policy.hedgeDelayMs as number;
      if (!this.allowed(elapsedMs, delayMs)) return;
      if (delayMs > 0) this.arm(delayMs, false);
      else this.hedgeNow(); // hedgeDelayMs: 0 starts every attempt at once
    } catch (error) {
      this.fail(error);
    }
  }

  /** Whether another attempt may start `delayMs` from `elapsedMs`; else records why not. */
  private allowed(elapsedMs: number, delayMs: number): boolean {
    if (this.halt !== undefined) return false; // the first reason stays
    if (this.attempt >= this.policy.maxAttempts) this.halt = 'attempts';
    else if (elapsedMs + delayMs > this.deadlineMs) this.halt = 'deadline';
    return this.halt === undefined;
  }

  /** Whether the budget lets another attempt start now; else records why not. */
  private budgetAllows(): boolean {
    const budget = this.policy.budget;
    if (budget === undefined || budget.canRetry()) return true;
    this.halt = 'budget';
    return false;
  }

  /** Wakes after `delayMs` (a hedge, or the next attempt after a failure), replacing any wake. */
  private arm(delayMs: number, afterFailure: boolean): void {
    this.disarm();
    this.afterFailure = afterFailure;
    const { clock } = this.policy;
    if (clock === systemClock && delayMs <= MAX_TIMER_MS) {
      this.timer = startTimer(wake, delayMs, this as HedgeRun<unknown>);
      return;
    }
    const stopper = new AbortController();
    this.stopper = stopper;
    sleepOn(clock, delayMs, stopper.signal).then(
      () => {
        if (this.stopper === stopper) this.woke();
      },
      (error: unknown) => {
        if (!stopper.signal.aborted) this.sleepFailed(error);
      },
    );
  }

  private disarm(): void {
    stopSleeping(this);
    const stopper = this.stopper;
    this.stopper = undefined;
    stopper?.abort();
  }

  /** The wake is due: the next attempt, or a hedge. */
  woke(): void {
    if (this.flags & SETTLED) return;
    this.stopper = undefined;
    if (this.afterFailure) this.launch();
    else this.hedgeNow();
  }

  /** Starts a hedge if the budget allows; else the attempts in flight go on alone. */
  private hedgeNow(): void {
    try {
      if (this.halt !== undefined || !this.budgetAllows()) return;
      const elapsedMs = elapsedSince(this.policy.clock, this.startedAt);
      this.tell(this.attempt, undefined, HEDGE_DUE, 0, elapsedMs);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.launch();
  }

  /** `onRetry` and the log line for the attempt about to start. */
  private tell(
    attempt: number,
    error: unknown,
    verdict: Verdict,
    delayMs: number,
    elapsedMs: number,
  ): void {
    const { policy, name } = this;
    const attemptsLeft = policy.maxAttempts - this.attempt;
    const event: RetryEvent = {
      attempt,
      attemptsLeft,
      error,
      delayMs,
      verdict,
      elapsedMs,
      name,
      hedge: true,
    };
    callHook(policy.onRetry, event);
    logRetry(policy.logger, event, policy.maxAttempts);
  }

  /** Attempt `hedge` ended with `outcome`; ignored once the run has settled. */
  private ended(hedge: Hedge, outcome: Outcome): void {
    if (this.flags & SETTLED) return;
    this.inFlight.delete(hedge);
    if (hedge.from !== undefined) unfollow(hedge.from, hedge);
    try {
      this.decide(outcome, hedge.attempt);
    } catch (error) {
      this.fail(error);
    }
  }

  private decide(outcome: Outcome, attempt: number): void {
    const { policy, startedAt, name } = this;
    const elapsedMs = elapsedSince(policy.clock, startedAt);
    let verdict: Verdict;
    let error: unknown;
    if (outcome.ok) {
      let matched: boolean;
      try {
        matched = retryIfMatches(policy.retryIf, outcome.value);
      } catch (thrown) {
        remember(this, thrown); // a retryIf that throws or answers no boolean: a bug, not retried
        this.stop('non-retryable', elapsedMs);
        return;
      }
      if (!matched) {
        this.end();
        this.abortLosers();
        reportSuccess(policy, { attempts: this.attempt, elapsedMs, name });
        this.resolve(outcome.value as T);
        return;
      }
      this.flags |= KEPT_VALUE;
      this.value = outcome.value;
      verdict = RESULT_MATCHED;
    } else if ('aborted' in outcome) {
      this.abort(this.attempt, elapsedMs); // only the run's abort aborts an attempt before settle
      return;
    } else if ('clockError' in outcome) {
      this.fail(outcome.clockError);
      return;
    } else {
      this.flags &= ~KEPT_VALUE;
      this.value = undefined;
      error = unwrapMarker(outcome.error);
      verdict = classify(outcome.error, policy, { attempt, now: startedAt + elapsedMs });
      remember(this, error);
    }
    if (!verdict.retryable) {
      this.stop('non-retryable', elapsedMs);
      return;
    }
    policy.budget?.recordFailure();
    this.failedRetryably(attempt, error, verdict, elapsedMs);
  }

  /** A retryable failure: the next attempt at once, or after the hint; or give up when the last. */
  private failedRetryably(
    attempt: number,
    error: unknown,
    verdict: Verdict,
    elapsedMs: number,
  ): void {
    const hintMs = verdict.delayMs;
    const { maxAttempts, maxDelayMs } = this.policy;
    // As in retries: out of attempts comes first, then a hint too long.
    const tooLong = hintMs !== undefined && hintMs > maxDelayMs && this.attempt < maxAttempts;
    if (tooLong && this.halt === undefined) {
      this.halt = 'hint-too-long';
      this.haltHintMs = hintMs;
    }
    const delayMs = hintMs ?? 0;
    if (this.allowed(elapsedMs, delayMs) && this.budgetAllows()) {
      this.tell(attempt, error, verdict, delayMs, elapsedMs);
      if (this.flags & SETTLED) return; // a hook aborted the run
      if (delayMs > 0) this.arm(delayMs, true);
      else {
        this.disarm();
        this.launch();
      }
      return;
    }
    this.disarm();
    if (this.inFlight.size > 0) return; // they may still succeed
    this.stop(this.halt ?? 'attempts', elapsedMs, this.haltHintMs);
  }

  /** Marks the run settled and stops the pending wake (see RunState.end). */
  protected override end(): void {
    super.end();
    this.disarm();
  }

  /**
   * Gives up (see RunState.stop), aborting the attempts still in flight first: they lost.
   */
  protected override stop(reason: GiveUpReason, elapsedMs: number, hintMs?: number): void {
    this.abortLosers();
    super.stop(reason, elapsedMs, hintMs);
  }

  override fail(error: unknown): void {
    this.abortLosers();
    super.fail(error);
  }

  /** Aborts every attempt still in flight, with the default `AbortError`. */
  private abortLosers(): void {
    for (const hedge of this.inFlight) {
      if (hedge.from !== undefined) unfollow(hedge.from, hedge);
      hedge.controller.abort();
    }
    this.inFlight.clear();
  }
}
