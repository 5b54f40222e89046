import { describe, expect, it } from 'vitest';
import { RetryBudget, Retryer, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';

const RETRY = () => ({ retryable: true, reason: 'test' });

function failing(times = Number.POSITIVE_INFINITY): () => Promise<string> {
  let calls = 0;
  return async () => {
    calls++;
    if (calls <= times) throw new Error(`failure ${calls}`);
    return 'ok';
  };
}

describe(RetryBudget.name, () => {
  describe('gRPC A6 throttling', () => {
    it('starts full', () => {
      const budget = new RetryBudget({ maxTokens: 10, tokenRatio: 0.1 });
      expect(budget.tokens).toBe(10);
      expect(budget.canRetry()).toBe(true);
    });

    it('costs one token per failure and allows a retry only while tokens > maxTokens / 2', () => {
      const budget = new RetryBudget({ maxTokens: 10, tokenRatio: 0.1 });
      const allowed: boolean[] = [];
      for (let i = 0; i < 6; i++) {
        budget.recordFailure();
        allowed.push(budget.canRetry());
      }
      expect(allowed).toEqual([true, true, true, true, false, false]);
      expect(budget.tokens).toBe(4);
    });

    it('adds tokenRatio per success, up to maxTokens', () => {
      const budget = new RetryBudget({ maxTokens: 4, tokenRatio: 0.5 });
      budget.recordFailure();
      budget.recordFailure();
      expect(budget.canRetry()).toBe(false);
      budget.recordSuccess();
      expect(budget.tokens).toBe(2.5);
      expect(budget.canRetry()).toBe(true);
      for (let i = 0; i < 10; i++) budget.recordSuccess();
      expect(budget.tokens).toBe(4);
    });

    it('never goes below zero tokens', () => {
      const budget = new RetryBudget({ maxTokens: 2, tokenRatio: 1 });
      for (let i = 0; i < 5; i++) budget.recordFailure();
      expect(budget.tokens).toBe(0);
      budget.recordSuccess();
      expect(budget.tokens).toBe(1);
    });

    it('has no wait to offer: retryDelayMs is 0 when it allows and Infinity when it refuses', () => {
      const budget = new RetryBudget({ maxTokens: 2, tokenRatio: 1 });
      expect(budget.retryDelayMs()).toBe(0);
      budget.recordFailure();
      expect(budget.retryDelayMs()).toBe(Number.POSITIVE_INFINITY);
    });

    it('is shared by many retryers: their failures drain one bucket', async () => {
      const clock = new FakeClock();
      const budget = new RetryBudget({ maxTokens: 4, tokenRatio: 0.1 });
      const options = { clock, budget, classifiers: [RETRY], maxAttempts: 10, initialDelayMs: 1 };
      const a = new Retryer(options).run(failing());
      const b = new Retryer(options).run(failing());
      const results = Promise.allSettled([a, b]);
      await clock.runAll();
      const [ra, rb] = await results;
      expect(ra.status).toBe('rejected');
      expect(rb.status).toBe('rejected');
      if (ra.status === 'rejected') expect(retryInfo(ra.reason)?.reason).toBe('budget');
      if (rb.status === 'rejected') expect(retryInfo(rb.reason)?.reason).toBe('budget');
      // 4 tokens, retry while > 2: a fails (3: retry), b fails (2: give up), a fails (1: give up).
      expect(budget.tokens).toBe(1);
    });

    it('gives up with reason budget and the last error when it refuses', async () => {
      const clock = new FakeClock();
      const budget = new RetryBudget({ maxTokens: 2, tokenRatio: 0.5 });
      const retryer = new Retryer({ clock, budget, classifiers: [RETRY], maxAttempts: 5 });
      const run = retryer.run(failing());
      const settled = run.catch((e: unknown) => e);
      await clock.runAll();
      const error = await settled;
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe('failure 1');
      expect(retryInfo(error)).toMatchObject({ attempts: 1, reason: 'budget' });
      expect(clock.sleeps).toEqual([]);
    });

    it('is refilled by successes of runs', async () => {
      const clock = new FakeClock();
      const budget = new RetryBudget({ maxTokens: 10, tokenRatio: 0.25 });
      budget.recordFailure();
      const retryer = new Retryer({ clock, budget });
      await retryer.run(() => 'ok');
      expect(budget.tokens).toBe(9.25);
    });
  });

  describe('refill with time (minRetriesPerSecond)', () => {
    it('refills minRetriesPerSecond tokens per second of the clock, up to maxTokens', async () => {
      const clock = new FakeClock();
      const budget = new RetryBudget({
        maxTokens: 10,
        tokenRatio: 0.1,
        minRetriesPerSecond: 2,
        clock,
      });
      for (let i = 0; i < 10; i++) budget.recordFailure();
      expect(budget.tokens).toBe(0);
      await clock.advance(1500);
      expect(budget.tokens).toBe(3);
      await clock.advance(60_000);
      expect(budget.tokens).toBe(10);
    });

    it('tells how long until a retry: just past the time the refill lifts tokens above half', async () => {
      const clock = new FakeClock();
      const budget = new RetryBudget({
        maxTokens: 4,
        tokenRatio: 1,
        minRetriesPerSecond: 4,
        clock,
      });
      for (let i = 0; i < 4; i++) budget.recordFailure();
      const waitMs = budget.retryDelayMs();
      expect(waitMs).toBe(501);
      await clock.advance(waitMs - 1);
      expect(budget.canRetry()).toBe(false);
      await clock.advance(1);
      expect(budget.canRetry()).toBe(true);
      expect(budget.retryDelayMs()).toBe(0);
    });

    it('keeps A6 accounting on top of the refill', () => {
      const clock = new FakeClock();
      const budget = new RetryBudget({
        maxTokens: 10,
        tokenRatio: 0.5,
        minRetriesPerSecond: 1,
        clock,
      });
      budget.recordFailure();
      budget.recordSuccess();
      expect(budget.tokens).toBe(9.5);
    });

    it('ignores a clock that goes backwards', () => {
      let now = 1000;
      const budget = new RetryBudget({
        maxTokens: 4,
        tokenRatio: 1,
        minRetriesPerSecond: 1,
        clock: { now: () => now, sleep: async () => {} },
      });
      budget.recordFailure();
      now = 0;
      expect(budget.tokens).toBe(3);
      now = 500;
      expect(budget.tokens).toBe(3);
      now = 1500;
      expect(budget.tokens).toBe(3.5);
    });
  });

  describe('reserve and release (a retry in flight holds a token)', () => {
    it('reserves only while canRetry, and each reservation lowers the level by one', () => {
      const budget = new RetryBudget({ maxTokens: 10, tokenRatio: 0.1 });
      const granted = Array.from({ length: 6 }, () => budget.reserve());
      expect(granted).toEqual([true, true, true, true, true, false]);
      expect(budget.tokens).toBe(10);
      expect(budget.canRetry()).toBe(false);
      budget.release();
      expect(budget.canRetry()).toBe(true);
    });

    it('nets to A6 accounting once released: release then recordFailure costs one token', () => {
      const budget = new RetryBudget({ maxTokens: 4, tokenRatio: 0.5 });
      expect(budget.reserve()).toBe(true);
      budget.release();
      budget.recordFailure();
      expect(budget.tokens).toBe(3);
      budget.release(); // nothing held: no effect
      expect(budget.canRetry()).toBe(true);
    });

    it('counts held tokens in retryDelayMs', async () => {
      const clock = new FakeClock();
      const budget = new RetryBudget({
        maxTokens: 4,
        tokenRatio: 1,
        minRetriesPerSecond: 1,
        clock,
      });
      budget.recordFailure(); // 3 tokens
      expect(budget.reserve()).toBe(true); // 3 - 1 = 2: not above half any more
      expect(budget.retryDelayMs()).toBe(1);
      await clock.advance(1);
      expect(budget.canRetry()).toBe(true);
    });
  });

  describe('validation', () => {
    it.each([
      [{ maxTokens: 0, tokenRatio: 0.1 }, RangeError, /maxTokens must be a number in \(0, 1000\]/],
      [{ maxTokens: 1001, tokenRatio: 0.1 }, RangeError, /maxTokens/],
      [{ maxTokens: Number.NaN, tokenRatio: 0.1 }, RangeError, /maxTokens/],
      [{ maxTokens: '10', tokenRatio: 0.1 }, TypeError, /maxTokens must be a number, got string/],
      [{ maxTokens: 10, tokenRatio: 0 }, RangeError, /tokenRatio must be a number in \(0, 1\]/],
      [{ maxTokens: 10, tokenRatio: 1.5 }, RangeError, /tokenRatio/],
      [{ maxTokens: 10 }, TypeError, /tokenRatio must be a number, got undefined/],
      [{ maxTokens: 10, tokenRatio: 1, minRetriesPerSecond: 0 }, RangeError, /minRetriesPerSecond/],
      [
        { maxTokens: 10, tokenRatio: 1, minRetriesPerSecond: Number.POSITIVE_INFINITY },
        RangeError,
        /minRetriesPerSecond must be a finite number > 0/,
      ],
      [
        { maxTokens: 10, tokenRatio: 1, minRetriesPerSecond: '2' },
        TypeError,
        /minRetriesPerSecond/,
      ],
      [{ maxTokens: 10, tokenRatio: 1, clock: {} }, TypeError, /clock must be a Clock/],
      [null, TypeError, /RetryBudget options must be an object, got null/],
      [undefined, TypeError, /RetryBudget options must be an object, got undefined/],
    ])('rejects %o', (options, type, message) => {
      expect(() => new RetryBudget(options as never)).toThrow(type);
      expect(() => new RetryBudget(options as never)).toThrow(message);
    });

    it.each([[0.000_001], [1000], [0.5]])('accepts maxTokens %d', (maxTokens) => {
      expect(new RetryBudget({ maxTokens, tokenRatio: 1 }).tokens).toBe(maxTokens);
    });
  });
});
