/**
 * The standing property: whatever an operation throws, whatever valid options and observers a
 * retryer has, every run settles, nothing goes unhandled, and nothing is left behind: no pending
 * sleep, no timer, no abort listener.
 */
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type Jitter,
  RetryBudget,
  Retryer,
  type RetryLogger,
  type RetryOptions,
  retryable,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { unhandledDuring } from '../support/helpers.js';
import { hostile } from '../support/hostile-values.js';

/**
 * What makes the thrown value: any value fast-check makes, or one of the known-hostile shapes
 * (made inside the property: fast-check itself cannot hold a Proxy whose every trap throws).
 */
const thrown = fc.oneof(
  fc.anything().map((value) => () => value),
  fc.constantFrom(...hostile.map(([, make]) => make)),
  fc.string({ maxLength: 200 }).map((message) => () => new Error(message)),
);

/** What an observer does: nothing, throw, or return a rejected promise. */
const behaviour = fc.constantFrom('quiet', 'throws', 'rejects');
function observer(kind: string): () => unknown {
  if (kind === 'throws') {
    return () => {
      throw new Error('observer threw');
    };
  }
  if (kind === 'rejects') return () => Promise.reject(new Error('observer rejected'));
  return () => undefined;
}

const options = fc.record(
  {
    maxAttempts: fc.integer({ min: 1, max: 5 }),
    initialDelayMs: fc.integer({ min: 0, max: 100 }),
    maxDelayMs: fc.integer({ min: 100, max: 1_000 }),
    multiplier: fc.double({ min: 1, max: 4, noNaN: true }),
    jitter: fc.constantFrom<Jitter>('none', 'full', 'equal', 'decorrelated', { ratio: 0.3 }),
    maxElapsedMs: fc.integer({ min: 0, max: 5_000 }),
    attemptTimeoutMs: fc.integer({ min: 1, max: 500 }),
    unknownErrors: fc.constantFrom<'fail' | 'retry'>('fail', 'retry'),
  },
  { requiredKeys: ['maxAttempts'] },
);

/** An operation: each attempt throws, rejects, hangs, or resolves, as `plan` says. */
const plans = fc.array(fc.constantFrom('throw', 'reject', 'retryable', 'hang', 'resolve'), {
  minLength: 1,
  maxLength: 6,
});

function operation(plan: readonly string[], value: unknown) {
  return ({ attempt }: { attempt: number }): unknown => {
    const step = plan[Math.min(attempt, plan.length) - 1];
    if (step === 'throw') throw value;
    if (step === 'reject') return Promise.reject(value);
    if (step === 'retryable') return Promise.reject(retryable(value));
    if (step === 'hang') return new Promise(() => {});
    return 'done';
  };
}

describe('every run settles and leaves nothing behind', () => {
  afterEach(() => vi.useRealTimers());

  it('on a FakeClock: any thrown value, options, observers, budget and abort', async () => {
    await fc.assert(
      fc.asyncProperty(
        thrown,
        options,
        plans,
        behaviour,
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 2_000 }), { nil: undefined }),
        async (make, opts, plan, observe, withBudget, abortAtMs) => {
          const value = make();
          const clock = new FakeClock();
          const shutdown = new AbortController();
          const own = new AbortController();
          const hook = observer(observe);
          const logger: RetryLogger = { debug: hook, info: hook, warn: hook, error: hook };
          const budget = withBudget
            ? new RetryBudget({ maxTokens: 2, tokenRatio: 0.5, minRetriesPerSecond: 1, clock })
            : undefined;
          const retryer = new Retryer({
            ...(opts as RetryOptions),
            // A hanging attempt needs a timeout to end.
            attemptTimeoutMs: opts.attemptTimeoutMs ?? 250,
            clock,
            signal: shutdown.signal,
            onRetry: hook,
            onGiveUp: hook,
            onSuccess: hook,
            logger,
            ...(budget === undefined ? {} : { budget }),
          });
          const unhandled = await unhandledDuring(async () => {
            const run = retryer.run(operation(plan, value) as never, { signal: own.signal });
            const outcome = run.then(
              () => 'resolved',
              () => 'rejected',
            );
            if (abortAtMs !== undefined) {
              await clock.advance(abortAtMs);
              own.abort(new Error('caller gave up'));
            }
            await clock.runAll();
            expect(['resolved', 'rejected']).toContain(await outcome);
          });
          expect(unhandled).toEqual([]);
          expect(clock.pending).toBe(0);
          expect(getEventListeners(shutdown.signal, 'abort')).toEqual([]);
          expect(getEventListeners(own.signal, 'abort')).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('on the system clock under vi fake timers: no timer is left once a run settles', async () => {
    await fc.assert(
      fc.asyncProperty(thrown, options, plans, async (make, opts, plan) => {
        const value = make();
        vi.useFakeTimers();
        try {
          const shutdown = new AbortController();
          const retryer = new Retryer({
            ...(opts as RetryOptions),
            attemptTimeoutMs: opts.attemptTimeoutMs ?? 250,
            signal: shutdown.signal,
          });
          const outcome = retryer.run(operation(plan, value) as never).then(
            () => 'resolved',
            () => 'rejected',
          );
          await vi.runAllTimersAsync();
          expect(['resolved', 'rejected']).toContain(await outcome);
          expect(vi.getTimerCount()).toBe(0);
          expect(getEventListeners(shutdown.signal, 'abort')).toEqual([]);
        } finally {
          vi.useRealTimers();
        }
      }),
      { numRuns: 100 },
    );
  });
});
