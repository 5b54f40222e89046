import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type GiveUpEvent,
  Retryer,
  retryable,
  retryInfo,
  TotalTimeoutError,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { Boom, unhandledDuring } from '../support/helpers.js';

/** An operation whose attempts take `ms` on `clock` and then fail retryably, honouring ctx.signal. */
function slowFailing(clock: FakeClock, ms: number, seen: AbortSignal[] = []) {
  return ({ signal }: { signal: AbortSignal }) => {
    seen.push(signal);
    return clock.sleep(ms, signal).then(() => Promise.reject(retryable(new Boom())));
  };
}

describe('Retryer.run — totalTimeoutMs', () => {
  it('cuts the attempt in flight: 800 ms attempts under a 1 s limit end at 1 s, not 1.6 s', async () => {
    const clock = new FakeClock();
    const seen: AbortSignal[] = [];
    const giveUps: GiveUpEvent[] = [];
    const run = new Retryer({
      clock,
      totalTimeoutMs: 1_000,
      initialDelayMs: 10,
      jitter: 'none',
      maxAttempts: 5,
      onGiveUp: (e) => giveUps.push(e),
    })
      .run(slowFailing(clock, 800, seen))
      .catch((e: unknown) => e);
    await clock.runAll();
    const error = await run;
    expect(error).toBeInstanceOf(TotalTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 1_000, message: expect.stringMatching(/1000 ms/) });
    expect((error as Error).cause).toBeInstanceOf(Boom);
    expect(clock.now()).toBe(1_000);
    expect(seen).toHaveLength(2);
    expect(seen[1]?.aborted).toBe(true);
    expect(seen[1]?.reason).toBe(error);
    expect(giveUps).toMatchObject([{ attempts: 2, reason: 'deadline', error, elapsedMs: 1_000 }]);
    expect(retryInfo(error)).toMatchObject({ attempts: 2, reason: 'deadline' });
    expect(clock.pending).toBe(0);
  });

  it('rejects with the TotalTimeoutError even when the operation ignores its signal', async () => {
    const clock = new FakeClock();
    const run = new Retryer({ clock, totalTimeoutMs: 500 })
      .run(() => new Promise(() => {}))
      .catch((e: unknown) => e);
    await clock.advance(500);
    expect(await run).toBeInstanceOf(TotalTimeoutError);
  });

  it('does not start a sleep that would end past the limit: gives up with the last error', async () => {
    const clock = new FakeClock();
    const run = new Retryer({
      clock,
      totalTimeoutMs: 1_000,
      initialDelayMs: 600,
      jitter: 'none',
    })
      .run(slowFailing(clock, 500))
      .catch((e: unknown) => e);
    await clock.runAll();
    const error = await run;
    // attempt 1 ends at 500; a 600 ms sleep would end at 1100: no sleep, the Boom itself.
    expect(error).toBeInstanceOf(Boom);
    expect(retryInfo(error)).toMatchObject({ attempts: 1, reason: 'deadline' });
  });

  it('leaves ctx.signal alone after a success: a response body read afterwards is not aborted', async () => {
    const clock = new FakeClock();
    let signal: AbortSignal | undefined;
    const value = await new Retryer({ clock, totalTimeoutMs: 1_000 }).run((ctx) => {
      signal = ctx.signal;
      return 'body';
    });
    expect(value).toBe('body');
    await clock.advance(5_000);
    expect(signal?.aborted).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('aborts ctx.signal with the run signal’s reason on an abort', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    let signal: AbortSignal | undefined;
    const run = new Retryer({ clock, totalTimeoutMs: 10_000 })
      .run(
        (ctx) => {
          signal = ctx.signal;
          return new Promise(() => {});
        },
        { signal: controller.signal },
      )
      .catch((e: unknown) => e);
    await clock.advance(0);
    controller.abort('shutdown');
    expect(await run).toBe('shutdown');
    expect(signal?.reason).toBe('shutdown');
  });

  it('allows maxAttempts: Infinity without maxElapsedMs', async () => {
    const clock = new FakeClock();
    const run = new Retryer({
      clock,
      totalTimeoutMs: 1_050,
      maxAttempts: Number.POSITIVE_INFINITY,
      initialDelayMs: 100,
      jitter: 'none',
      maxDelayMs: 100,
    })
      .run(() => Promise.reject(retryable(new Boom())))
      .catch((e: unknown) => e);
    await clock.runAll();
    expect(await run).toBeInstanceOf(Boom);
    // Attempts at 0, 100, …, 1000 ms; a sleep to 1100 ms would end past the limit.
    expect(retryInfo(await run)?.attempts).toBe(11);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects totalTimeoutMs %d', (ms) => {
    expect(() => new Retryer({ totalTimeoutMs: ms })).toThrow(
      /totalTimeoutMs must be a finite number > 0/,
    );
  });

  describe('on the system clock', () => {
    afterEach(() => vi.useRealTimers());

    it('under vi fake timers: ends at the limit and leaves no timer', async () => {
      vi.useFakeTimers();
      const run = new Retryer({ totalTimeoutMs: 2_000, initialDelayMs: 100 })
        .run(() => new Promise(() => {}))
        .catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(await run).toBeInstanceOf(TotalTimeoutError);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('a first-try success clears the limit timer at once', async () => {
      vi.useFakeTimers();
      await expect(new Retryer({ totalTimeoutMs: 60_000 }).run(async () => 1)).resolves.toBe(1);
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  it('a clock whose sleep breaks for the limit rejects the run with its error', async () => {
    const unhandled = await unhandledDuring(async () => {
      const clock = {
        now: () => 0,
        sleep: () => Promise.reject(new Error('clock broke')),
      };
      const error = await new Retryer({ clock, totalTimeoutMs: 1_000 })
        .run(() => new Promise(() => {}))
        .catch((e: unknown) => e);
      expect((error as Error).message).toBe('clock broke');
    });
    expect(unhandled).toEqual([]);
  });
});
