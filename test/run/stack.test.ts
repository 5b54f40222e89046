import { describe, expect, it } from 'vitest';
import { type Clock, Retryer } from '../../src/index.js';
import { Boom } from '../support/helpers.js';

/** A user-written clock whose sleeps resolve at once, advancing virtual time. */
function instantClock(): Clock & { slept: number } {
  let now = 0;
  return {
    slept: 0,
    now: () => now,
    sleep(ms) {
      now += ms;
      this.slept++;
      return Promise.resolve();
    },
  };
}

function stackDepth(): number {
  return new Error().stack?.split('\n').length ?? 0;
}

describe('Retryer.run — long runs', () => {
  it.each([
    ['rejecting', (e: Error) => Promise.reject(e)],
    [
      'throwing synchronously',
      (e: Error) => {
        throw e;
      },
    ],
  ])(
    '20,000 attempts through a user-written Clock, %s, complete without stack growth',
    async (_, fail) => {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = Number.POSITIVE_INFINITY;
      try {
        const clock = instantClock();
        const depths: number[] = [];
        const retryer = new Retryer({
          clock,
          maxAttempts: 20_000,
          unknownErrors: 'retry',
          initialDelayMs: 1,
          maxDelayMs: 1,
        });
        const result = await retryer.run(({ attempt }) => {
          if (attempt === 100 || attempt === 20_000) depths.push(stackDepth());
          if (attempt === 20_000) return 'done';
          return fail(new Boom());
        });
        expect(result).toBe('done');
        expect(clock.slept).toBe(19_999);
        expect(depths).toHaveLength(2);
        expect(depths[1]).toBe(depths[0]);
      } finally {
        Error.stackTraceLimit = limit;
      }
    },
  );
});
