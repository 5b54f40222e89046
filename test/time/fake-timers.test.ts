import FakeTimers from '@sinonjs/fake-timers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AttemptTimeoutError, Retryer, retryable } from '../../src/index.js';
import { Boom, track } from '../support/helpers.js';

/** An operation that records Date.now() at each call and fails until the third. */
function timedFlaky() {
  const calledAt: number[] = [];
  return {
    calledAt,
    op: async () => {
      calledAt.push(Date.now());
      if (calledAt.length < 3) throw retryable(new Boom());
      return 'ok';
    },
  };
}

const options = { initialDelayMs: 1000, jitter: 'none' } as const;

describe('the default clock under fake timers (no clock option)', () => {
  describe('vitest vi.useFakeTimers()', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('runs the whole schedule with vi.runAllTimersAsync()', async () => {
      vi.useFakeTimers({ now: 0 });
      const { op, calledAt } = timedFlaky();
      const run = new Retryer(options).run(op);
      await vi.runAllTimersAsync();
      await expect(run).resolves.toBe('ok');
      expect(calledAt).toEqual([0, 1000, 3000]);
    });

    it('steps through it with vi.advanceTimersByTimeAsync()', async () => {
      vi.useFakeTimers({ now: 0 });
      const { op, calledAt } = timedFlaky();
      const run = track(new Retryer(options).run(op));
      await vi.advanceTimersByTimeAsync(999);
      expect(calledAt).toEqual([0]);
      await vi.advanceTimersByTimeAsync(1);
      expect(calledAt).toEqual([0, 1000]);
      await vi.advanceTimersByTimeAsync(2000);
      expect(run.done).toBe(true);
      expect(await run.result).toEqual({ ok: true, value: 'ok' });
    });

    it('aborts a sleep and leaves no fake timer', async () => {
      vi.useFakeTimers();
      const controller = new AbortController();
      const run = new Retryer(options).run(() => Promise.reject(retryable(new Boom())), {
        signal: controller.signal,
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(vi.getTimerCount()).toBe(1);
      controller.abort('stop');
      await expect(run).rejects.toBe('stop');
      expect(vi.getTimerCount()).toBe(0);
    });

    it('times attempts out with attemptTimeoutMs', async () => {
      vi.useFakeTimers();
      const run = track(
        new Retryer({ ...options, attemptTimeoutMs: 5000, maxAttempts: 2 }).run(
          () => new Promise(() => {}),
        ),
      );
      await vi.advanceTimersByTimeAsync(5000 + 1000 + 4999);
      expect(run.done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const result = await run.result;
      expect(!result.ok && result.error).toBeInstanceOf(AttemptTimeoutError);
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  describe('@sinonjs/fake-timers', () => {
    let clock: FakeTimers.Clock | undefined;
    afterEach(() => {
      clock?.uninstall();
      clock = undefined;
    });

    it('runs the schedule with tickAsync()', async () => {
      clock = FakeTimers.install({ now: 0 });
      const { op, calledAt } = timedFlaky();
      const run = track(new Retryer(options).run(op));
      await clock.tickAsync(1000);
      expect(calledAt).toEqual([0, 1000]);
      await clock.tickAsync(2000);
      expect(run.done).toBe(true);
      expect(await run.result).toEqual({ ok: true, value: 'ok' });
      expect(calledAt).toEqual([0, 1000, 3000]);
    });

    it('gives up after the schedule with runAllAsync(), leaving no timer', async () => {
      clock = FakeTimers.install({ now: 0 });
      const error = new Boom();
      const run = new Retryer({ ...options, maxAttempts: 4 }).run(() =>
        Promise.reject(retryable(error)),
      );
      run.catch(() => {});
      await clock.runAllAsync();
      await expect(run).rejects.toBe(error);
      expect(clock.now).toBe(1000 + 2000 + 4000);
      expect(clock.countTimers()).toBe(0);
    });

    it('aborts a sleep and leaves no timer', async () => {
      clock = FakeTimers.install();
      const controller = new AbortController();
      const run = new Retryer(options).run(() => Promise.reject(retryable(new Boom())), {
        signal: controller.signal,
      });
      await clock.tickAsync(0);
      expect(clock.countTimers()).toBe(1);
      controller.abort('stop');
      await expect(run).rejects.toBe('stop');
      expect(clock.countTimers()).toBe(0);
    });
  });
});
