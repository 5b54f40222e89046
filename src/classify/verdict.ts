/**
 * What a classifier decided about one failure.
 *
 * @public
 */
export interface Verdict {
  /** `true` when another attempt can succeed. */
  readonly retryable: boolean;
  /** A short, redacted reason for logs and events, e.g. `'grpc UNAVAILABLE'`. */
  readonly reason: string;
  /** A server's delay hint in ms (Retry-After, pushback): the next delay is raised to it. */
  readonly delayMs?: number | undefined;
  /** `true` when the server said "slow down" rather than "failed". */
  readonly throttled?: boolean | undefined;
}

/**
 * What a classifier is told besides the error.
 *
 * @public
 */
export interface ClassifyContext {
  /** The attempt that failed, counting from 1. */
  readonly attempt: number;
  /** The retryer's clock (`clock.now()`), for HTTP-date hints. */
  readonly now: number;
}

/**
 * Decides whether an error can succeed on retry. Returns `undefined` for errors it does not
 * recognise ("not my kind of error"), so the next classifier decides.
 *
 * @example
 * ```ts
 * const locked: Classifier = (error) =>
 *   error instanceof Error && error.message.includes('database is locked')
 *     ? { retryable: true, reason: 'database locked' }
 *     : undefined;
 * ```
 * @public
 */
export type Classifier = (error: unknown, ctx: ClassifyContext) => Verdict | undefined;
