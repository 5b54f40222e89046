/** The Retryer: one validated policy, shared safely by any number of concurrent runs. */
import type { AttemptContext, GiveUpEvent } from './observe/events.js';
import { nameOption, signalOption } from './policy/option-checks.js';
import { type Policy, resolvePolicy } from './policy/options.js';
import type { RetryOptions, RunOptions } from './policy/retry-options.js';
import { runPolicy } from './policy/run-policy.js';
import { optionalFunction, typeName } from './policy/validate.js';
import { executeRun } from './run/run.js';
import { nextStep, type RetryState, type RetryStep } from './step.js';

/**
 * The policy is also kept under a `Symbol.for` key, so that an adapter from one copy of the package
 * (ESM) accepts a Retryer made by another (CJS). The version in the key guards the policy's shape.
 */
const POLICY = Symbol.for('retrywise.policy.v1');
/**
 * `next()` under any policy, for the AWS adapter's runs named after their command: kept on each
 * Retryer, so that an adapter reaches the step logic through the retryer it is given instead of
 * bundling it again.
 */
const NEXT_STEP = Symbol.for('retrywise.nextStep.v1');

/**
 * Retries operations under one policy: classified failures, capped exponential backoff with
 * jitter, and limits on attempts, elapsed time, budget and abort. Options are validated here, at
 * construction. A Retryer keeps no per-run state, so one instance can serve concurrent runs.
 *
 * @typeParam R - what its operations resolve with, when its `retryIf` needs to know
 *   (`new Retryer({ retryIf: (job: Job) => job.pending })` runs only operations that return a
 *   `Job`); `unknown` otherwise.
 * @example
 * ```ts
 * const retryer = new Retryer({ maxAttempts: 5, initialDelayMs: 200 });
 * const body = await retryer.run(async ({ signal }) => {
 *   const res = await fetch(url, { signal });
 *   if (!res.ok) throw new HttpError(res); // honours the server's Retry-After
 *   return res.text();
 * });
 * ```
 * @public
 */
export class Retryer<R = unknown> {
  readonly #policy: Policy;

  /** @throws TypeError or RangeError naming the first invalid or unknown option. */
  constructor(options: RetryOptions<R> = {}) {
    this.#policy = resolvePolicy(options);
    Object.defineProperty(this, POLICY, { value: this.#policy });
    Object.defineProperty(this, NEXT_STEP, { value: nextStep });
  }

  /**
   * Calls `operation` until it succeeds or the policy gives up. On give-up, rejects with the last
   * error itself (the inner error of a marker), unmodified; see {@link retryInfo} for the history.
   * When aborted, rejects with `signal.reason`. Invalid arguments throw synchronously.
   *
   * @param options - this run's `signal` and `name`; its own `retryIf` (typed by the operation's
   *   result) and `onGiveUp` (this run's history, even when many runs reject with one error).
   * @example
   * ```ts
   * const job = await retryer.run(() => getJob(id), {
   *   retryIf: (job) => job.state === 'pending', // job: Job, from getJob
   *   onGiveUp: ({ reason, attempts }) => console.warn(`job ${id}: ${reason} after ${attempts}`),
   * });
   * ```
   */
  run<T extends R>(
    operation: (ctx: AttemptContext) => T | PromiseLike<T>,
    options?: RunOptions<NoInfer<T>>,
  ): Promise<T> {
    const policy = this.#policy;
    if (typeof operation !== 'function') {
      throw new TypeError(`operation must be a function, got ${typeof operation}`);
    }
    if (options === undefined) return executeRun(policy, operation);
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`run options must be an object, got ${typeName(options)}`);
    }
    rejectUnknownRunOptions(options);
    const signal = signalOption(options.signal);
    const name = nameOption('name', options.name);
    const retryIf = optionalFunction<(result: unknown) => boolean>('retryIf', options.retryIf);
    const onGiveUp = optionalFunction<(event: GiveUpEvent) => void>('onGiveUp', options.onGiveUp);
    return executeRun(runPolicy(policy, retryIf, onGiveUp), operation, { signal, name });
  }

  /**
   * A function with the same parameters (and `this`) as `fn` whose calls are retried.
   *
   * @example
   * ```ts
   * const getUser = retryer.wrap((id: string) => api.getUser(id));
   * await getUser('42');
   * ```
   */
  wrap<This, A extends unknown[], T extends R>(
    fn: (this: This, ...args: A) => T | PromiseLike<T>,
  ): (this: This, ...args: A) => Promise<T> {
    if (typeof fn !== 'function') throw new TypeError(`wrap needs a function, got ${typeof fn}`);
    const retryer = this;
    const wrapped = function (this: This, ...args: A): Promise<T> {
      return retryer.run(() => fn.apply(this, args));
    };
    // The wrapped function reads as the original in stack traces and to arity checks.
    copyIdentity(wrapped, fn);
    return wrapped;
  }

  /**
   * The retry decision for a loop that lives outside the library: pass the error and the state of
   * the previous step (none for the first failure). Same classification, backoff, limits and
   * budget as {@link Retryer.run}; the caller does the waiting.
   *
   * @example
   * ```ts
   * const step = retryer.next(err, saved.state);
   * if (step.retry) return requeueAfter(step.delayMs, step.state);
   * ```
   */
  next(error: unknown, state?: RetryState): RetryStep {
    return nextStep(this.#policy, error, state);
  }
}

/** The keys of `RunOptions`, checked against it by the compiler. */
const RUN_OPTION_NAMES: ReadonlySet<string> = /* @__PURE__ */ new Set(
  /* @__PURE__ */ Object.keys({
    signal: true,
    name: true,
    retryIf: true,
    onGiveUp: true,
  } satisfies Record<keyof RunOptions, true>),
);

/**
 * Throws a `TypeError` naming the first own key of run `options` that is not a run option: a
 * policy option such as `maxAttempts` passed to `run()` would otherwise be silently ignored.
 */
function rejectUnknownRunOptions(options: object): void {
  for (const key of Object.keys(options)) {
    if (RUN_OPTION_NAMES.has(key)) continue;
    throw new TypeError(
      `unknown run option '${key}': run() takes only signal, name, retryIf and onGiveUp; ` +
        'policy options go to new Retryer(options)',
    );
  }
}

/** The validated policy of `retryer`, for the adapters. Not part of the public API. */
export function policyOf(retryer: Retryer<never>): Policy {
  const policy: unknown =
    typeof retryer === 'object' && retryer !== null
      ? (retryer as { [POLICY]?: Policy })[POLICY]
      : undefined;
  if (typeof policy !== 'object' || policy === null)
    throw new TypeError('expected a Retryer made by new Retryer(options)');
  return policy as Policy;
}

/** `next()` of `retryer` under another policy (a copy of its own), for the adapters. */
export function nextStepOf(retryer: Retryer<never>): typeof nextStep {
  const step: unknown = (retryer as { [NEXT_STEP]?: unknown })[NEXT_STEP];
  if (typeof step !== 'function')
    throw new TypeError('expected a Retryer made by new Retryer(options)');
  return step as typeof nextStep;
}

/** Gives `wrapped` the `name` and `length` of `fn` (a hostile `fn` leaves them as they are). */
function copyIdentity(wrapped: object, fn: object): void {
  try {
    const { name, length } = fn as { name: unknown; length: unknown };
    if (typeof name === 'string') Object.defineProperty(wrapped, 'name', { value: name });
    if (typeof length === 'number') Object.defineProperty(wrapped, 'length', { value: length });
  } catch {
    // A Proxy with a throwing `get` keeps the defaults.
  }
}
