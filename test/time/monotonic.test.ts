import FakeTimers from '@sinonjs/fake-timers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/index.js';

describe('systemClock.now()', () => {
  afterEach(() => vi.useRealTimers());

  it('never goes backwards, reading after reading', () => {
    let last = systemClock.now();
    for (let i = 0; i < 10_000; i++) {
      const now = systemClock.now();
      expect(now).toBeGreaterThanOrEqual(last);
      last = now;
    }
  });

  it('follows vi.useFakeTimers() time, and starts at its Date', async () => {
    vi.useFakeTimers({ now: 5_000 });
    expect(systemClock.now()).toBe(5_000);
    await vi.advanceTimersByTimeAsync(1_234);
    expect(systemClock.now()).toBe(6_234);
  });

  it("follows the fake timers' own time when only setTimeout and Date are faked", async () => {
    vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const start = systemClock.now();
    await vi.advanceTimersByTimeAsync(750);
    expect(systemClock.now() - start).toBe(750);
  });

  it('follows @sinonjs/fake-timers install(), whatever it fakes', () => {
    for (const toFake of [undefined, ['setTimeout', 'clearTimeout', 'Date'] as const]) {
      const clock = FakeTimers.install(
        toFake === undefined ? { now: 100 } : { now: 100, toFake: [...toFake] },
      );
      try {
        const start = systemClock.now();
        clock.tick(2_000);
        expect(systemClock.now() - start).toBe(2_000);
      } finally {
        clock.uninstall();
      }
    }
  });

  it('goes back to real time once fake timers are gone, aligned with Date.now()', () => {
    vi.useFakeTimers({ now: 0 });
    vi.useRealTimers();
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1_000);
  });
});
