/**
 * The error a run rejects with when `totalTimeoutMs` passes: the attempt in flight, a sleep or a
 * wait was cut short. Its `cause` is the last error an attempt failed with, if any.
 *
 * @example
 * ```ts
 * const retryer = new Retryer({ totalTimeoutMs: 5_000 });
 * await retryer.run(({ signal }) => fetch(url, { signal })).catch((error) => {
 *   if (error instanceof TotalTimeoutError) console.error(`gave up after ${error.timeoutMs} ms`);
 * });
 * ```
 * @public
 */
export class TotalTimeoutError extends Error {
  /** The limit that passed: the retryer's `totalTimeoutMs`. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number, lastError?: unknown) {
    super(
      `run timed out after ${timeoutMs} ms (totalTimeoutMs)`,
      lastError === undefined ? undefined : { cause: lastError },
    );
    this.name = 'TotalTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}
