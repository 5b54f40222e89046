/**
 * The attempt loop of one run. A first-try success takes a fast path with no bookkeeping; any
 * failure continues in {@link retryLoop}, which owns all per-run state.
 */
import {
  fulfilled,
  isThenable,
  NEVER_ABORTED,
  type Operation,
  type Outcome,
  rejected,
  runAttempt,
} from './attempt.js';
import { releaseBudget, waitForBudget } from './budget-wait.js';
import { classify, RESULT_MATCHED } from './classify.js';
import type { RetryEvent } from './events.js';
import { callHook, logRetry } from './hooks.js';
import { unwrapMarker } from './markers.js';
import type { Policy } from './options.js';
import { planRetry } from './plan.js';
import { reportGiveUp, reportSuccess } from './report.js';
import { type GiveUpReason, MAX_RECORDED_ERRORS } from './retry-info.js';
import { combineSignals } from './signals.js';
import type { Verdict } from './verdict.js';

/** Per-run settings beyond the policy. */
export interface RunSettings {
  readonly signal?: AbortSignal | undefined;
  readonly name?: string | undefined;
  /**
   * An absolute deadline on the policy's clock (a gRPC call deadline): no sleep ends past it.
   * Internal: adapters use it; it is not part of `RunOptions`.
   */
  readonly deadlineAt?: number | undefined;
}

const NO_SETTINGS: RunSettings = Object.freeze({});

/** Runs `operation` under `policy` until it succeeds or the policy gives up. */
export function executeRun<T>(
  policy: Policy,
  operation: Operation<T>,
  settings: RunSettings = NO_SETTINGS,
): Promise<T> {
  const a = policy.signal;
  const b = settings.signal;
  if (a !== undefined && b !== undefined && a !== b) {
    const { signal, release } = combineSignals(a, b);
    const run = startRun(policy, operation, signal, settings);
    return release === undefined ? run : run.finally(release);
  }
  return startRun(policy, operation, a ?? b, settings);
}

function startRun<T>(
  policy: Policy,
  operation: Operation<T>,
  signal: AbortSignal | undefined,
  settings: RunSettings,
): Promise<T> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  const name = settings.name ?? policy.name;
  const deadlineAt = settings.deadlineAt;
  const startedAt = policy.clock.now();
  if (signal !== undefined || policy.attemptTimeoutMs !== undefined) {
    return retryLoop(policy, operation, startedAt, name, signal, deadlineAt, undefined);
  }
  // Fast path: the first attempt without signal or timeout needs no race and no state. On a
  // plain success it allocates the attempt context, one closure and the promise `then` returns.
  let result: unknown;
  try {
    result = operation({ attempt: 1, signal: NEVER_ABORTED, elapsedMs: 0, name });
    if (!isThenable(result)) {
      if (policy.plainSuccess) return Promise.resolve(result as T);
      return retryLoop(
        policy,
        operation,
        startedAt,
        name,
        undefined,
        deadlineAt,
        fulfilled(result),
      );
    }
  } catch (error) {
    return retryLoop(policy, operation, startedAt, name, undefined, deadlineAt, rejected(error));
  }
  const onRejected = (error: unknown): Promise<T> =>
    retryLoop(policy, operation, startedAt, name, undefined, deadlineAt, rejected(error));
  if (policy.plainSuccess) {
    return Promise.resolve(result as PromiseLike<T>).then(undefined, onRejected);
  }
  return Promise.resolve(result).then(
    (value) =>
      retryLoop(policy, operation, startedAt, name, undefined, deadlineAt, fulfilled(value)),
    onRejected,
  );
}

async function retryLoop<T>(
  policy: Policy,
  operation: Operation<T>,
  startedAt: number,
  name: string | undefined,
  signal: AbortSignal | undefined,
  deadlineAt: number | undefined,
  firstOutcome: Outcome | undefined,
): Promise<T> {
  const { clock } = policy;
  const deadlineMs =
    deadlineAt === undefined
      ? policy.maxElapsedMs
      : Math.min(policy.maxElapsedMs, deadlineAt - startedAt);
  let errors = NO_ERRORS;
  let previousDelayMs: number | undefined;
  let outcome = firstOutcome;
  let reserved = false; // a retry slot taken from a budget we waited for
  for (let attempt = 1; ; attempt++) {
    if (outcome === undefined) {
      // Never start another attempt once aborted, even if a user-written clock slept through it.
      if (signal?.aborted) {
        const elapsed = clock.now() - startedAt;
        throw giveUp(policy, signal.reason, 'aborted', attempt - 1, errors, elapsed, name);
      }
      const elapsedMs = attempt === 1 ? 0 : clock.now() - startedAt;
      outcome = await runAttempt(
        policy,
        operation as Operation<unknown>,
        attempt,
        elapsedMs,
        name,
        signal,
      );
      if (reserved) releaseBudget(policy.budget);
      reserved = false;
    }
    const elapsedMs = clock.now() - startedAt;
    let verdict: Verdict;
    let error: unknown;
    if (outcome.ok) {
      if (!matches(policy, outcome.value)) {
        reportSuccess(policy, { attempts: attempt, elapsedMs, name });
        return outcome.value as T;
      }
      verdict = RESULT_MATCHED;
    } else if ('aborted' in outcome) {
      throw giveUp(policy, signal?.reason, 'aborted', attempt, errors, elapsedMs, name);
    } else {
      error = unwrapMarker(outcome.error);
      verdict = classify(outcome.error, policy, { attempt, now: startedAt + elapsedMs });
      errors = remember(errors, error);
    }
    const plan = planRetry(policy, verdict, attempt, elapsedMs, previousDelayMs, deadlineMs);
    if (!plan.retry) {
      return stop(policy, outcome, error, plan.reason, attempt, errors, elapsedMs, name);
    }
    const event: RetryEvent = { attempt, error, delayMs: plan.delayMs, verdict, elapsedMs, name };
    callHook(policy.onRetry, event);
    logRetry(policy.logger, event, policy.maxAttempts);
    if (signal?.aborted) {
      throw giveUp(policy, signal.reason, 'aborted', attempt, errors, elapsedMs, name);
    }
    let budgetAllows = true;
    try {
      await clock.sleep(plan.delayMs, signal);
      if (plan.budgetWait) {
        budgetAllows = await waitForBudget(policy, attempt, startedAt, deadlineMs, signal, name);
        reserved = budgetAllows;
      }
    } catch (sleepError) {
      if (signal?.aborted) {
        throw giveUp(
          policy,
          signal.reason,
          'aborted',
          attempt,
          errors,
          clock.now() - startedAt,
          name,
        );
      }
      throw sleepError; // A broken clock: its error, not a silent retry.
    }
    if (!budgetAllows) {
      const waitedMs = clock.now() - startedAt;
      return stop(policy, outcome, error, 'budget', attempt, errors, waitedMs, name);
    }
    previousDelayMs = plan.delayMs;
    outcome = undefined;
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

/** Shared by runs until their first failure; frozen, so nothing can be added to it. */
const NO_ERRORS: readonly unknown[] = Object.freeze([]);

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

/** Reports the give-up and returns what the run rejects with. */
function giveUp(
  policy: Policy,
  error: unknown,
  reason: GiveUpReason,
  attempts: number,
  errors: readonly unknown[],
  elapsedMs: number,
  name: string | undefined,
): unknown {
  reportGiveUp(policy, { attempts, error, reason, elapsedMs, name }, errors);
  return error;
}

/**
 * Gives up after a failed attempt, or after a value `retryIf` kept matching: reported the same
 * way (hook and log line; `error` is `undefined` for a value), then the run rejects with the
 * error or resolves with the value.
 */
function stop<T>(
  policy: Policy,
  outcome: Outcome,
  error: unknown,
  reason: GiveUpReason,
  attempts: number,
  errors: readonly unknown[],
  elapsedMs: number,
  name: string | undefined,
): T {
  giveUp(policy, error, reason, attempts, errors, elapsedMs, name);
  if (outcome.ok) return outcome.value as T;
  throw error;
}
