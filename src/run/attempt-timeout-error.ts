/**
 * The error an attempt fails with when `attemptTimeoutMs` passes before it settles. It is
 * retryable; `ctx.signal` of the attempt aborts with it as its reason.
 *
 * @example
 * ```ts
 * const retryer = new Retryer({ attemptTimeoutMs: 2_000 });
 * await retryer.run(({ signal }) => fetch(url, { signal })).catch((error) => {
 *   if (error instanceof AttemptTimeoutError) console.error(`slow: ${error.timeoutMs} ms`);
 * });
 * ```
 * @public
 */
export class AttemptTimeoutError extends Error {
  /** The limit that passed. */
  readonly timeoutMs: number;
  /** `'ETIMEDOUT'`, so network classifiers and log filters recognise it. */
  // Set in the constructor, not as a field initializer: the CJS build's class-field transform
  // would leave the class named `_class2`.
  readonly code: 'ETIMEDOUT';

  constructor(timeoutMs: number) {
    super(`attempt timed out after ${timeoutMs} ms`);
    this.name = 'AttemptTimeoutError';
    this.code = 'ETIMEDOUT';
    this.timeoutMs = timeoutMs;
  }
}
