/** The Retryer: one validated policy, shared safely by any number of concurrent runs. */
import type { AttemptContext } from './observe/events.js';
import { nameOption, signalOption } from './policy/option-checks.js';
import { type Policy, resolvePolicy } from './policy/options.js';
import type { RetryOptions, RunOptions } from './policy/retry-options.js';
import { typeName } from './policy/validate.js';
import { executeRun } from './run/run.js';
import { nextStep, type RetryState, type RetryStep } from './step.js';

/**
 * The policy is also kept under a `Symbol.for` key, so that an adapter from one copy of the package
 * (ESM) accepts a Retryer made by another (CJS). The version in the key guards the policy's shape.
 */
const POLICY = Symbol.for('retrywise.policy.v1');

/**
 * Retries operations under one policy: classified failures, capped exponential backoff with
 * jitter, and limits on attempts, elapsed time, budget and abort. Options are validated here, at
 * construction. A Retryer keeps no per-run state, so one instance can serve concurrent runs.
 *
 * @example
 * ```ts
 * const retryer = new Retryer({ maxAttempts: 5, initialDelayMs: 200 });
 * const body = await retryer.run(async ({ signal }) => {
 *   const res = await fetch(url, { signal });
 *   if (!res.ok) throw Object.assign(new Error(res.statusText), { status: res.status });
 *   return res.text();
 * });
 * ```
 * @public
 */
export class Retryer {
  readonly #policy: Policy;

  /** @throws TypeError or RangeError naming the first invalid or unknown option. */
  constructor(options: RetryOptions = {}) {
    this.#policy = resolvePolicy(options);
    Object.defineProperty(this, POLICY, { value: this.#policy });
  }

  /**
   * Calls `operation` until it succeeds or the policy gives up. On give-up, rejects with the last
   * error itself (the inner error of a marker), unmodified; see {@link retryInfo} for the history.
   * When aborted, rejects with `signal.reason`. Invalid arguments throw synchronously.
   */
  run<T>(operation: (ctx: AttemptContext) => T | PromiseLike<T>, options?: RunOptions): Promise<T> {
    const policy = this.#policy;
    if (typeof operation !== 'function') {
      throw new TypeError(`operation must be a function, got ${typeof operation}`);
    }
    if (options === undefined) return executeRun(policy, operation);
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`run options must be an object, got ${typeName(options)}`);
    }
    rejectUnknownRunOptions(options);
    return executeRun(policy, operation, {
      signal: signalOption(options.signal),
      name: nameOption('name', options.name),
    });
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
  wrap<This, A extends unknown[], R>(
    fn: (this: This, ...args: A) => R | PromiseLike<R>,
  ): (this: This, ...args: A) => Promise<R> {
    if (typeof fn !== 'function') throw new TypeError(`wrap needs a function, got ${typeof fn}`);
    const retryer = this;
    return function (this: This, ...args: A): Promise<R> {
      return retryer.run(() => fn.apply(this, args));
    };
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
  /* @__PURE__ */ Object.keys({ signal: true, name: true } satisfies Record<
    keyof RunOptions,
    true
  >),
);

/**
 * Throws a `TypeError` naming the first own key of run `options` that is not a run option: a
 * policy option such as `maxAttempts` passed to `run()` would otherwise be silently ignored.
 */
function rejectUnknownRunOptions(options: object): void {
  for (const key of Object.keys(options)) {
    if (RUN_OPTION_NAMES.has(key)) continue;
    throw new TypeError(
      `unknown run option '${key}': run() takes only signal and name; ` +
        'policy options go to new Retryer(options)',
    );
  }
}

/** The validated policy of `retryer`, for the adapters. Not part of the public API. */
export function policyOf(retryer: Retryer): Policy {
  const policy: unknown =
    typeof retryer === 'object' && retryer !== null
      ? (retryer as { [POLICY]?: Policy })[POLICY]
      : undefined;
  if (typeof policy !== 'object' || policy === null)
    throw new TypeError('expected a Retryer made by new Retryer(options)');
  return policy as Policy;
}
