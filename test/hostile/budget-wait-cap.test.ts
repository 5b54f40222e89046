/**
 * `maxDelayMs` caps every single delay, a wait for a refill budget included: however slowly the
 * budget refills, no sleep is longer than `maxDelayMs`, and a wait that cannot end before the
 * run's deadline gives up at once with reason 'budget'.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type GiveUpEvent, RetryBudget, Retryer } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';

const RETRY = () => ({ retryable: true, reason: 'test' });

function drainedBudget(clock: FakeClock, minRetriesPerSecond: number): RetryBudget {
  const budget = new RetryBudget({ maxTokens: 2, tokenRatio: 0.1, minRetriesPerSecond, clock });
  budget.recordFailure();
  budget.recordFailure();
  return budget;
}

describe('budget waits and maxDelayMs', () => {
  it('with maxDelayMs 1000 and 0.01 retries/s, no onRetry delay and no sleep is above 1000 ms', async () => {
    const clock = new FakeClock();
    const delays: number[] = [];
    const retryer = new Retryer({
      clock,
      budget: drainedBudget(clock, 0.01),
      classifiers: [RETRY],
      maxDelayMs: 1_000,
      maxAttempts: 3,
      onRetry: (e) => delays.push(e.delayMs),
    });
    const run = retryer.run(() => Promise.reject(new Error('down'))).catch(() => 'gave up');
    await clock.runAll();
    expect(await run).toBe('gave up');
    expect(delays.length).toBeGreaterThan(0);
    expect(Math.max(...delays, ...clock.sleeps)).toBeLessThanOrEqual(1_000);
    // It waited, in sleeps of at most 1 s, until the refill gave it a token (~100 s each).
    expect(clock.now()).toBeGreaterThan(100_000);
  });

  it.each([1e-300, Number.MIN_VALUE, 1e-9])(
    'with %d retries/s and a finite maxElapsedMs, gives up at once with reason budget',
    async (rate) => {
      const clock = new FakeClock();
      const giveUps: GiveUpEvent[] = [];
      const retryer = new Retryer({
        clock,
        budget: drainedBudget(clock, rate),
        classifiers: [RETRY],
        maxElapsedMs: 60_000,
        onGiveUp: (e) => giveUps.push(e),
      });
      const run = retryer.run(() => Promise.reject(new Error('down'))).catch(() => undefined);
      await clock.runAll();
      await run;
      expect(giveUps).toMatchObject([{ reason: 'budget', attempts: 1 }]);
      expect(clock.sleeps).toEqual([]);
    },
  );

  it('with maxDelayMs 0, a refusing budget gives up instead of spinning', async () => {
    const clock = new FakeClock();
    const giveUps: GiveUpEvent[] = [];
    const retryer = new Retryer({
      clock,
      budget: drainedBudget(clock, 5),
      classifiers: [RETRY],
      maxDelayMs: 0,
      onGiveUp: (e) => giveUps.push(e),
    });
    const run = retryer.run(() => Promise.reject(new Error('down'))).catch(() => undefined);
    await clock.runAll();
    await run;
    expect(giveUps).toMatchObject([{ reason: 'budget' }]);
  });

  it('property: for any refill rate and cap, every sleep and every reported delay is ≤ maxDelayMs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 1e-6, max: 50, noNaN: true }),
        fc.integer({ min: 50, max: 5_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        async (rate, maxDelayMs, initialDelayMs) => {
          const clock = new FakeClock();
          const delays: number[] = [];
          const retryer = new Retryer({
            clock,
            budget: drainedBudget(clock, rate),
            classifiers: [RETRY],
            maxDelayMs,
            initialDelayMs: Math.min(initialDelayMs, maxDelayMs),
            maxAttempts: 3,
            maxElapsedMs: 60_000,
            onRetry: (e) => delays.push(e.delayMs),
          });
          const run = retryer.run(() => Promise.reject(new Error('down'))).catch(() => undefined);
          await clock.runAll();
          await run;
          expect(Math.max(0, ...delays, ...clock.sleeps)).toBeLessThanOrEqual(maxDelayMs);
        },
      ),
      { numRuns: 60 },
    );
  });
});
