/**
 * Zero delays must not starve the event loop: a run that retries a synchronously failing
 * operation with no delay still lets timers, I/O and aborts run between its attempts.
 */
import FakeTimers from '@sinonjs/fake-timers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Retryer, type RetryOptions } from '../../src/index.js';
import { Boom } from '../support/helpers.js';

const zeroDelays: [string, RetryOptions][] = [
  ['initialDelayMs: 0', { initialDelayMs: 0 }],
  ['maxDelayMs: 0', { maxDelayMs: 0 }],
  ['full jitter drawing 0', { random: () => 0 }],
  ['equal jitter with initialDelayMs: 0', { initialDelayMs: 0, jitter: 'equal' }],
];

describe('zero-delay retries and the event loop', () => {
  it.each(zeroDelays)(
    '%s: an abort timer set for 10 ms fires and ends the run',
    async (_, options) => {
      let attempts = 0;
      const controller = new AbortController();
      const retryer = new Retryer({
        ...options,
        maxAttempts: 50_000_000,
        unknownErrors: 'retry',
        signal: controller.signal,
      });
      const started = performance.now();
      setTimeout(() => controller.abort(new Error('stop')), 10);
      const error = await retryer
        .run(() => {
          attempts++;
          throw new Boom();
        })
        .catch((e: unknown) => e);
      const tookMs = performance.now() - started;
      expect((error as Error).message).toBe('stop');
      expect(attempts).toBeGreaterThan(1);
      // Starved, the timer would fire only after all 50 million attempts (minutes).
      expect(tookMs).toBeLessThan(1_000);
    },
  );

  it('I/O completes while another run retries with zero delay', async () => {
    const controller = new AbortController();
    const spinning = new Retryer({
      initialDelayMs: 0,
      maxAttempts: 50_000_000,
      unknownErrors: 'retry',
      signal: controller.signal,
    })
      .run(() => Promise.reject(new Boom()))
      .catch(() => 'stopped');
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL(import.meta.url), 'utf8');
    controller.abort();
    expect(text).toContain('zero-delay retries');
    expect(await spinning).toBe('stopped');
  });

  describe('under fake timers, which fake setImmediate too', () => {
    afterEach(() => vi.useRealTimers());

    const hundredZeroDelayAttempts = () =>
      new Retryer({ initialDelayMs: 0, maxAttempts: 100, unknownErrors: 'retry' }).run((ctx) => {
        if (ctx.attempt < 100) throw new Boom();
        return ctx.attempt;
      });

    it('vi.useFakeTimers(): 100 zero-delay attempts finish without advancing time', async () => {
      vi.useFakeTimers();
      await expect(hundredZeroDelayAttempts()).resolves.toBe(100);
    });

    it('@sinonjs/fake-timers install(): 100 zero-delay attempts finish without a tick', async () => {
      const clock = FakeTimers.install();
      try {
        await expect(hundredZeroDelayAttempts()).resolves.toBe(100);
      } finally {
        clock.uninstall();
      }
    });
  });
});
