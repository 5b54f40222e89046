import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/index.js';
import { abortListeners, nextMacrotask, track, watchTimers } from '../support/helpers.js';

describe('systemClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(systemClock)).toBe(true);
  });

  it('reads epoch milliseconds, aligned with Date.now()', () => {
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1000);
  });

  it('sleeps through setTimeout from globalThis at call time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const slept = track(systemClock.sleep(1000));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(slept.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(slept.done).toBe(true);
  });

  it('resolves after the delay with real timers', async () => {
    const started = performance.now();
    await systemClock.sleep(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(4);
  });

  it.each([0, -1, Number.NaN])('resolves sleep(%f) without a timer', async (ms) => {
    const timers = watchTimers();
    try {
      const slept = systemClock.sleep(ms);
      expect(timers.live).toBe(0);
      await expect(slept).resolves.toBeUndefined();
    } finally {
      timers.restore();
    }
  });

  it('rejects with signal.reason at once, without a timer, when already aborted', async () => {
    const timers = watchTimers();
    try {
      const reason = new Error('already');
      const slept = systemClock.sleep(1000, AbortSignal.abort(reason));
      expect(timers.live).toBe(0);
      await expect(slept).rejects.toBe(reason);
    } finally {
      timers.restore();
    }
  });

  it('rejects with signal.reason on abort, clears its timer and its listener', async () => {
    const timers = watchTimers();
    try {
      const controller = new AbortController();
      const slept = track(systemClock.sleep(60_000, controller.signal));
      expect(timers.live).toBe(1);
      expect(abortListeners(controller.signal)).toBe(1);
      controller.abort('stop');
      await nextMacrotask();
      expect(slept.done).toBe(true);
      expect(await slept.result).toEqual({ ok: false, error: 'stop' });
      expect(timers.live).toBe(0);
      expect(timers.grew).toBe(false);
      expect(abortListeners(controller.signal)).toBe(0);
    } finally {
      timers.restore();
    }
  });

  it('removes its abort listener when it wakes', async () => {
    const controller = new AbortController();
    await systemClock.sleep(1, controller.signal);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('sleeps delays beyond setTimeout’s 2^31 − 1 ms limit in full, in chunks', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const slept = track(systemClock.sleep(2 ** 31 + 1000));
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    expect(slept.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(slept.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(slept.done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not wake early from a delay beyond 2^31 − 1 ms with real timers, and still aborts', async () => {
    const controller = new AbortController();
    const slept = track(systemClock.sleep(2 ** 31, controller.signal));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(slept.done).toBe(false);
    controller.abort('stop');
    expect(await slept.result).toEqual({ ok: false, error: 'stop' });
  });
});
