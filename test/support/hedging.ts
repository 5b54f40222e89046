/** An operation whose attempts the test settles by hand, for the hedging tests. */
import type { AttemptContext } from '../../src/index.js';
import type { FakeClock } from '../../src/testing/index.js';

/** One started attempt: when it started, its context, and how to settle it. */
export interface StartedAttempt {
  readonly attempt: number;
  /** Virtual time at the call. */
  readonly atMs: number;
  readonly elapsedMs: number;
  readonly signal: AbortSignal;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** An operation whose every attempt returns a promise that only the test settles. */
export function steered(clock: FakeClock): {
  op: (ctx: AttemptContext) => Promise<unknown>;
  started: StartedAttempt[];
  /** The `i`-th started attempt (from 0), or a failed test. */
  at(i: number): StartedAttempt;
} {
  const started: StartedAttempt[] = [];
  return {
    started,
    op: (ctx) =>
      new Promise((resolve, reject) => {
        started.push({
          attempt: ctx.attempt,
          atMs: clock.now(),
          elapsedMs: ctx.elapsedMs,
          signal: ctx.signal,
          resolve,
          reject,
        });
      }),
    at(i) {
      const attempt = started[i];
      if (attempt === undefined) throw new Error(`attempt ${i + 1} has not started`);
      return attempt;
    },
  };
}
