import { describe, expect, it, vi } from 'vitest';
import {
  AdaptiveThrottle,
  HttpError,
  Retryer,
  retryInfo,
  retryStats,
  ThrottledLocallyError,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';

/** A throttle that has seen only throttles, with a `random` that always rejects when p > 0. */
function shedding(clock: FakeClock): AdaptiveThrottle {
  const throttle = new AdaptiveThrottle({ clock, random: () => 0 });
  for (let i = 0; i < 20; i++) {
    throttle.allow();
    throttle.recordThrottled();
  }
  return throttle;
}

function tooManyRequests(): Error {
  return Object.assign(new Error('429 Too Many Requests'), { status: 429 });
}

describe('Retryer with a throttle', () => {
  it('rejects a first attempt locally: the operation is never called', async () => {
    const clock = new FakeClock();
    const throttle = shedding(clock);
    const onGiveUp = vi.fn();
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const stats = retryStats();
    const retryer = new Retryer({
      clock,
      throttle,
      onGiveUp: (e) => {
        onGiveUp(e);
        stats.onGiveUp(e);
      },
      logger,
      name: 'orders',
    });
    const operation = vi.fn(() => 'ok');
    const error = await retryer.run(operation).catch((e: unknown) => e);
    expect(operation).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(ThrottledLocallyError);
    expect((error as Error).message).toMatch(/rejected locally by the adaptive throttle/);
    expect(retryInfo(error)).toMatchObject({
      attempts: 0,
      reason: 'throttled-locally',
      errors: [],
    });
    expect(onGiveUp).toHaveBeenCalledWith(
      expect.objectContaining({ attempts: 0, reason: 'throttled-locally', error, name: 'orders' }),
    );
    expect(stats.snapshot().giveUps['throttled-locally']).toBe(1);
    expect(logger.warn).toHaveBeenCalledWith(
      'operation rejected locally after 0 attempts',
      expect.objectContaining({ reason: 'throttled-locally', operation: 'orders' }),
    );
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('rejects locally on the loop path too (with a signal or attemptTimeoutMs)', async () => {
    const clock = new FakeClock();
    const operation = vi.fn(() => 'ok');
    for (const options of [{ signal: new AbortController().signal }, { attemptTimeoutMs: 100 }]) {
      const retryer = new Retryer({ clock, throttle: shedding(clock), ...options });
      const error = await retryer.run(operation).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ThrottledLocallyError);
      expect(retryInfo(error)?.reason).toBe('throttled-locally');
    }
    expect(operation).not.toHaveBeenCalled();
    expect(clock.pending).toBe(0);
  });

  it('rejects a retry locally with the last error as cause, after the attempts that were sent', async () => {
    const clock = new FakeClock();
    const throttle = new AdaptiveThrottle({ clock, random: () => 0, k: 1, throttleWeight: 0 });
    const retryer = new Retryer({ clock, throttle, initialDelayMs: 10, maxAttempts: 5 });
    const first = tooManyRequests();
    const operation = vi.fn(() => {
      throw first;
    });
    const run = retryer.run(operation).catch((e: unknown) => e);
    await clock.runAll();
    const error = await run;
    // 1 request, 0 accepts: p = 1 / 2 > 0 = random(): the retry stays home.
    expect(operation).toHaveBeenCalledTimes(1);
    expect(error).toBeInstanceOf(ThrottledLocallyError);
    expect((error as Error).cause).toBe(first);
    expect(retryInfo(error)).toMatchObject({ attempts: 1, reason: 'throttled-locally' });
    expect(retryInfo(error)?.errors).toEqual([first]);
  });

  it('reports every outcome: throttled verdicts as throttles, successes and other failures as accepts', async () => {
    const clock = new FakeClock();
    const throttle = new AdaptiveThrottle({ clock, random: () => 0.9999, k: 1, throttleWeight: 0 });
    const retryer = new Retryer({ clock, throttle, maxAttempts: 1 });
    await retryer.run(() => 'ok');
    await retryer.run(async () => 'ok');
    await retryer.run(() => Promise.reject(new HttpError({ status: 500 }))).catch(() => {});
    await retryer.run(() => Promise.reject(new HttpError({ status: 404 }))).catch(() => {});
    expect(throttle.rejectionProbability).toBe(0); // 4 requests, 4 accepts
    await retryer.run(() => Promise.reject(tooManyRequests())).catch(() => {});
    expect(throttle.rejectionProbability).toBeCloseTo(1 / 6, 12); // 5 requests, 4 accepts
  });

  it('never rejects on a healthy service, with or without a signal', async () => {
    const clock = new FakeClock();
    const throttle = new AdaptiveThrottle({ clock, random: () => 0 });
    const plain = new Retryer({ clock, throttle });
    const followed = new Retryer({ clock, throttle, signal: new AbortController().signal });
    for (let i = 0; i < 2000; i++) {
      await expect(plain.run(() => i)).resolves.toBe(i);
      await expect(followed.run(async () => i)).resolves.toBe(i);
      if (i % 100 === 0) await clock.advance(50);
    }
    expect(throttle.rejected).toBe(0);
  });

  it('classifies a ThrottledLocallyError as non-retryable in an outer retryer', async () => {
    const clock = new FakeClock();
    const inner = new Retryer({ clock, throttle: shedding(clock) });
    const outer = new Retryer({ clock, unknownErrors: 'retry', maxAttempts: 5 });
    const operation = vi.fn(() => inner.run(() => 'ok'));
    const error = await outer.run(operation).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledLocallyError);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(retryInfo(error)?.reason).toBe('non-retryable');
  });

  it('rejects the run with the error of a broken throttle', async () => {
    const broken = new AdaptiveThrottle();
    const boom = new Error('broken throttle');
    broken.allow = () => {
      throw boom;
    };
    await expect(new Retryer({ throttle: broken }).run(() => 'ok')).rejects.toBe(boom);
    await expect(
      new Retryer({ throttle: broken, signal: new AbortController().signal }).run(() => 'ok'),
    ).rejects.toBe(boom);
  });

  it('rejects a throttle option that is not one', () => {
    expect(() => new Retryer({ throttle: {} as AdaptiveThrottle })).toThrow(
      /throttle must be an AdaptiveThrottle \(allow, recordAccepted, recordThrottled, rejection\), got object/,
    );
  });
});
