/**
 * The error an attempt fails with when `attemptTimeoutMs` passes before it settles.
 *
 * @public
 */
export class AttemptTimeoutError extends Error {
  /** The limit that passed. */
  readonly timeoutMs: number;
  /** `'ETIMEDOUT'`, so network classifiers and log filters recognise it. */
  readonly code = 'ETIMEDOUT';

  constructor(timeoutMs: number) {
    super(`attempt timed out after ${timeoutMs} ms`);
    this.name = 'AttemptTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}
