/**
 * NTP steps the wall clock: an hour forward, a few seconds back. Elapsed time, limits and the
 * budget's refill on the system clock follow a monotonic source, so a step neither ends a run
 * early, keeps it retrying past its limit, nor freezes a refill. Steps are made the way tests
 * make them: `vi.setSystemTime()` and sinon's `clock.setSystemTime()` move `Date` only.
 */
import FakeTimers from '@sinonjs/fake-timers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type GiveUpEvent, RetryBudget, Retryer, retryable, systemClock } from '../../src/index.js';
import { Boom } from '../support/helpers.js';

const HOUR_MS = 3_600_000;

/** A run that fails until it gives up, with a schedule of 100, 200, 400, 800 ms, 1 s in all. */
function limitedRun(onGiveUp: (e: GiveUpEvent) => void, onFailure: (attempt: number) => void) {
  return new Retryer({
    maxAttempts: 100,
    maxElapsedMs: 1_000,
    initialDelayMs: 100,
    jitter: 'none',
    onGiveUp,
  })
    .run(({ attempt }) => {
      onFailure(attempt);
      return Promise.reject(retryable(new Boom()));
    })
    .catch(() => undefined);
}

describe('wall-clock steps under vi.useFakeTimers()', () => {
  afterEach(() => vi.useRealTimers());

  it.each([
    ['+1 h', HOUR_MS],
    ['−3 s', -3_000],
    ['−1 h', -HOUR_MS],
  ])(
    'a %s step after the first failure neither ends the run early nor stretches it',
    async (_, stepMs) => {
      vi.useFakeTimers({ now: Date.UTC(2026, 11, 6) });
      const events: GiveUpEvent[] = [];
      const done = limitedRun(
        (e) => events.push(e),
        (attempt) => {
          if (attempt === 1) vi.setSystemTime(Date.now() + stepMs);
        },
      );
      await vi.runAllTimersAsync();
      await done;
      // 100 + 200 + 400 ms slept; the next 800 ms sleep would end past 1 s: four attempts.
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ attempts: 4, reason: 'deadline', elapsedMs: 700 });
    },
  );

  it('a −1 h step does not freeze a refill budget: tokens still flow back with time', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 6) });
    const budget = new RetryBudget({ maxTokens: 10, tokenRatio: 0.1, minRetriesPerSecond: 2 });
    for (let i = 0; i < 10; i++) budget.recordFailure();
    expect(budget.tokens).toBe(0);
    vi.setSystemTime(Date.now() - HOUR_MS);
    await vi.advanceTimersByTimeAsync(2_500);
    expect(budget.tokens).toBeCloseTo(5, 6);
  });

  it('a +1 h step does not fill a refill budget at once', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 6) });
    const budget = new RetryBudget({ maxTokens: 10, tokenRatio: 0.1, minRetriesPerSecond: 2 });
    for (let i = 0; i < 10; i++) budget.recordFailure();
    vi.setSystemTime(Date.now() + HOUR_MS);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(budget.tokens).toBeCloseTo(2, 6);
  });
});

describe('wall-clock steps under @sinonjs/fake-timers install()', () => {
  it('a +1 h clock.setSystemTime() after the first failure does not end the run early', async () => {
    const clock = FakeTimers.install({ now: Date.UTC(2026, 11, 6) });
    try {
      const events: GiveUpEvent[] = [];
      const done = limitedRun(
        (e) => events.push(e),
        (attempt) => {
          if (attempt === 1) clock.setSystemTime(Date.now() + HOUR_MS);
        },
      );
      await clock.runAllAsync();
      await done;
      expect(events[0]).toMatchObject({ attempts: 4, reason: 'deadline', elapsedMs: 700 });
    } finally {
      clock.uninstall();
    }
  });
});

describe('wall-clock steps on real timers', () => {
  afterEach(() => vi.restoreAllMocks());

  it('systemClock.now() does not follow Date.now() when it jumps', () => {
    const before = systemClock.now();
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + HOUR_MS);
    expect(systemClock.now() - before).toBeLessThan(1_000);
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() - 2 * HOUR_MS);
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
  });

  it('a run with a 20 ms limit is not ended by a +1 h jump of Date.now()', async () => {
    let attempts = 0;
    const error = await new Retryer({
      maxAttempts: 3,
      maxElapsedMs: 20,
      initialDelayMs: 1,
      jitter: 'none',
    })
      .run(() => {
        attempts++;
        if (attempts === 1) vi.spyOn(Date, 'now').mockReturnValue(Date.now() + HOUR_MS);
        return Promise.reject(retryable(new Boom()));
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Boom);
    expect(attempts).toBe(3);
  });
});
