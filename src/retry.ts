import type { AttemptContext } from './observe/events.js';
import type { RetryOptions, RunOptions } from './policy/retry-options.js';
import { Retryer } from './retryer.js';

/**
 * Runs `operation` once under its own policy: `new Retryer(options).run(operation, options)`.
 * For many calls, make one {@link Retryer} and reuse it. Invalid options throw synchronously.
 * `retryIf` receives the operation's result type.
 *
 * @example
 * ```ts
 * const data = await retry(() => fetchJson(url), { maxAttempts: 5, signal });
 * const job = await retry(() => getJob(id), { retryIf: (job) => job.state === 'pending' });
 * ```
 * @public
 */
export function retry<T>(
  operation: (ctx: AttemptContext) => T | PromiseLike<T>,
  options?: RetryOptions<NoInfer<T>> & RunOptions<NoInfer<T>>,
): Promise<T> {
  return new Retryer<T>(options).run(operation);
}
