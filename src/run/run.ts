/**
 * The attempt loop of one run. A first-try success takes a fast path with no bookkeeping; any
 * failure continues in {@link retryLoop}, which owns all per-run state.
 */

import { type RunSignal, unionOf } from '../abort/union.js';
import { isThenable } from '../classify/inspect.js';
import { reportLocalRejection } from '../observe/report.js';
import type { Policy } from '../policy/options.js';
import { readNow } from '../time/elapsed.js';
import { fulfilled, NEVER_ABORTED, type Operation, type Outcome, rejected } from './attempt.js';
import { hedgeRun } from './hedge.js';
import { retryLoop } from './loop.js';
import type { RunContext } from './state.js';

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

const NO_SETTINGS: RunSettings = /* @__PURE__ */ Object.freeze({});

/** Runs `operation` under `policy` until it succeeds or the policy gives up. */
export function executeRun<T>(
  policy: Policy,
  operation: Operation<T>,
  settings: RunSettings = NO_SETTINGS,
): Promise<T> {
  const a = policy.signal;
  const b = settings.signal;
  if (a === undefined || b === undefined || a === b) {
    return startRun(policy, operation, a ?? b, settings);
  }
  let union: RunSignal;
  try {
    union = unionOf(a, b);
  } catch (error) {
    return Promise.reject(error); // a hostile signal's addEventListener threw
  }
  const run = startRun(policy, operation, union.signal, settings);
  return union.release === undefined ? run : run.finally(union.release);
}

function startRun<T>(
  policy: Policy,
  operation: Operation<T>,
  signal: AbortSignal | undefined,
  settings: RunSettings,
): Promise<T> {
  const name = settings.name ?? policy.name;
  let startedAt: number;
  try {
    startedAt = readNow(policy.clock);
  } catch (error) {
    return Promise.reject(error); // a broken clock rejects the run, never throws from run()
  }
  if (
    signal !== undefined ||
    policy.attemptTimeoutMs !== undefined ||
    policy.totalTimeoutMs !== undefined ||
    policy.hedgeDelayMs !== undefined
  ) {
    const ctx = context(policy, operation, startedAt, name, signal, settings);
    return policy.hedgeDelayMs === undefined ? retryLoop(ctx, undefined) : hedgeRun(ctx);
  }
  // Fast path: the first attempt without signal or timeout needs no race and no state. On a
  // plain success it allocates the attempt context, one closure and the promise `then` returns.
  const { throttle } = policy;
  if (throttle !== undefined) {
    try {
      if (!throttle.allow()) {
        const event = { attempts: 0, elapsedMs: 0, name };
        return Promise.reject(reportLocalRejection(policy, throttle, event, []));
      }
    } catch (error) {
      return Promise.reject(error); // a broken throttle (or its clock) rejects the run
    }
  }
  let result: unknown;
  try {
    result = operation({ attempt: 1, signal: NEVER_ABORTED, elapsedMs: 0, name });
    if (!isThenable(result)) {
      if (policy.plainSuccess) {
        throttle?.recordAccepted();
        return Promise.resolve(result as T);
      }
      return resume(policy, operation, startedAt, name, settings, fulfilled(result));
    }
  } catch (error) {
    return resume(policy, operation, startedAt, name, settings, rejected(error));
  }
  const onRejected = (error: unknown): Promise<T> =>
    resume(policy, operation, startedAt, name, settings, rejected(error));
  if (policy.plainSuccess) {
    if (throttle !== undefined) {
      return Promise.resolve(result as PromiseLike<T>).then((value) => {
        throttle.recordAccepted();
        return value;
      }, onRejected);
    }
    return Promise.resolve(result as PromiseLike<T>).then(undefined, onRejected);
  }
  return Promise.resolve(result).then(
    (value) => resume(policy, operation, startedAt, name, settings, fulfilled(value)),
    onRejected,
  );
}

/** Continues a run without a signal in the loop, after the fast path's first attempt. */
function resume<T>(
  policy: Policy,
  operation: Operation<T>,
  startedAt: number,
  name: string | undefined,
  settings: RunSettings,
  first: Outcome,
): Promise<T> {
  return retryLoop(context(policy, operation, startedAt, name, undefined, settings), first);
}

/** The loop's per-run context; the deadline in elapsed-time terms. */
function context<T>(
  policy: Policy,
  operation: Operation<T>,
  startedAt: number,
  name: string | undefined,
  signal: AbortSignal | undefined,
  settings: RunSettings,
): RunContext<T> {
  const { deadlineAt } = settings;
  const limitMs = Math.min(policy.maxElapsedMs, policy.totalTimeoutMs ?? Infinity);
  const deadlineMs = deadlineAt === undefined ? limitMs : Math.min(limitMs, deadlineAt - startedAt);
  return { policy, operation, startedAt, name, signal, deadlineMs };
}
