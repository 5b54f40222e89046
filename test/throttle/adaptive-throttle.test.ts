import { describe, expect, it } from 'vitest';
import { AdaptiveThrottle, ThrottledLocallyError } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';

/** `n` calls that the service answers with `outcome`. */
function calls(throttle: AdaptiveThrottle, n: number, outcome: 'accepted' | 'throttled'): number {
  let allowed = 0;
  for (let i = 0; i < n; i++) {
    if (!throttle.allow()) continue;
    allowed++;
    if (outcome === 'accepted') throttle.recordAccepted();
    else throttle.recordThrottled();
  }
  return allowed;
}

describe(AdaptiveThrottle.name, () => {
  it('never rejects while the service accepts everything', async () => {
    const clock = new FakeClock();
    const throttle = new AdaptiveThrottle({ clock, random: () => 0 });
    for (let s = 0; s < 100; s++) {
      expect(calls(throttle, 100, 'accepted')).toBe(100);
      await clock.advance(100);
    }
    expect(throttle.rejected).toBe(0);
    expect(throttle.rejectionProbability).toBe(0);
  });

  it('rejects with the SRE probability (requests − k · accepts) / (requests + 1) without weight', () => {
    const clock = new FakeClock();
    const throttle = new AdaptiveThrottle({ clock, random: () => 0.999, k: 2, throttleWeight: 0 });
    calls(throttle, 10, 'accepted');
    calls(throttle, 90, 'throttled');
    // 100 requests, 10 accepts: (100 − 20) / 101
    expect(throttle.rejectionProbability).toBeCloseTo(80 / 101, 12);
  });

  it('lets a throttle cancel throttleWeight accepts (never below 0 accepts)', () => {
    const clock = new FakeClock();
    const throttle = new AdaptiveThrottle({ clock, random: () => 0.999, k: 2, throttleWeight: 5 });
    calls(throttle, 90, 'accepted');
    calls(throttle, 10, 'throttled');
    // 100 requests, 90 − 5 · 10 = 40 net accepts: (100 − 80) / 101
    expect(throttle.rejectionProbability).toBeCloseTo(20 / 101, 12);
    calls(throttle, 100, 'throttled');
    // 200 requests, net accepts below 0 count as 0: 200 / 201
    expect(throttle.rejectionProbability).toBeCloseTo(200 / 201, 12);
  });

  it('tolerates a few throttles: 1 in 12 (defaults: up to 1 in 9) rejects nothing', () => {
    const throttle = new AdaptiveThrottle({ clock: new FakeClock(), random: () => 0 });
    for (let i = 0; i < 20; i++) {
      calls(throttle, 11, 'accepted');
      calls(throttle, 1, 'throttled');
    }
    expect(throttle.rejected).toBe(0);
  });

  it('rejects a share of the calls while the service throttles, counting them as requests', () => {
    const clock = new FakeClock();
    const throttle = new AdaptiveThrottle({ clock, random: () => 0.5 });
    const sent = calls(throttle, 50, 'throttled');
    // p = n / (n + 1) after n throttled requests: 0 and 1/2 let the first two out, then p > 0.5.
    expect(sent).toBe(2);
    expect(throttle.rejected).toBe(48);
    expect(throttle.rejectionProbability).toBeCloseTo(50 / 51, 12);
    const before = throttle.rejectionProbability;
    expect(throttle.allow()).toBe(false);
    expect(throttle.rejected).toBe(49);
    expect(throttle.rejectionProbability).toBeGreaterThan(before); // one more request, no accept
  });

  it('forgets with time: buckets leave the window as the clock passes windowMs', async () => {
    const clock = new FakeClock();
    const throttle = new AdaptiveThrottle({ clock, windowMs: 1000, buckets: 10 });
    calls(throttle, 50, 'throttled');
    expect(throttle.rejectionProbability).toBeGreaterThan(0.9);
    await clock.advance(500);
    expect(throttle.rejectionProbability).toBeGreaterThan(0.9);
    await clock.advance(500);
    expect(throttle.rejectionProbability).toBe(0);
  });

  it('slides bucket by bucket: only the oldest bucket leaves', async () => {
    const clock = new FakeClock();
    const throttle = new AdaptiveThrottle({
      clock,
      random: () => 0.9999,
      windowMs: 1000,
      buckets: 10,
      throttleWeight: 0,
    });
    calls(throttle, 10, 'throttled'); // bucket 0
    await clock.advance(500);
    calls(throttle, 10, 'accepted'); // bucket 5
    expect(throttle.rejectionProbability).toBe(0); // 20 − 2 · 10 = 0
    await clock.advance(500); // bucket 0 leaves
    expect(throttle.rejectionProbability).toBe(0);
    await clock.advance(500); // bucket 5 leaves: empty window
    expect(throttle.rejectionProbability).toBe(0);
    calls(throttle, 3, 'throttled');
    expect(throttle.rejectionProbability).toBeCloseTo(3 / 4, 12);
  });

  it('keeps the window after the clock goes back or returns NaN', () => {
    let now = 1000;
    const throttle = new AdaptiveThrottle({ clock: { now: () => now, sleep: async () => {} } });
    calls(throttle, 10, 'throttled');
    const p = throttle.rejectionProbability;
    now = 0;
    expect(throttle.rejectionProbability).toBe(p);
    now = Number.NaN;
    expect(throttle.rejectionProbability).toBe(p);
  });

  it('makes a ThrottledLocallyError that says so, with its probability and cause', () => {
    const throttle = new AdaptiveThrottle({ clock: new FakeClock() });
    calls(throttle, 10, 'throttled');
    const cause = new Error('429');
    const error = throttle.rejection(cause);
    expect(error).toBeInstanceOf(ThrottledLocallyError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ThrottledLocallyError');
    expect(error.message).toMatch(/rejected locally by the adaptive throttle/);
    expect(error.rejectionProbability).toBeCloseTo(10 / 11, 12);
    expect(error.cause).toBe(cause);
    expect('cause' in throttle.rejection()).toBe(false);
  });

  it('recognises a ThrottledLocallyError of another copy by its brand', () => {
    const foreign = Object.defineProperty(
      new Error('x'),
      Symbol.for('retrywise.throttledLocally'),
      {
        value: true,
      },
    );
    expect(foreign).toBeInstanceOf(ThrottledLocallyError);
    expect(new Error('x')).not.toBeInstanceOf(ThrottledLocallyError);
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(hostile).not.toBeInstanceOf(ThrottledLocallyError);
  });

  describe('options', () => {
    it('has the documented defaults', () => {
      const throttle = new AdaptiveThrottle();
      expect([throttle.k, throttle.throttleWeight, throttle.windowMs, throttle.buckets]).toEqual([
        3, 5, 1000, 10,
      ]);
    });

    it.each([
      [null, TypeError, /AdaptiveThrottle options must be an object, got null/],
      [{ k: '2' }, TypeError, /k must be a number, got string/],
      [{ k: 0.5 }, RangeError, /k must be a finite number ≥ 1, got 0.5/],
      [{ k: Number.NaN }, RangeError, /k must be a finite number ≥ 1, got NaN/],
      [{ throttleWeight: -1 }, RangeError, /throttleWeight must be a finite number ≥ 0, got -1/],
      [{ windowMs: 0 }, RangeError, /windowMs must be a finite number > 0, got 0/],
      [
        { windowMs: Number.POSITIVE_INFINITY },
        RangeError,
        /windowMs must be a finite number > 0, got Infinity/,
      ],
      [{ buckets: 2.5 }, RangeError, /buckets must be an integer in \[1, 1000\], got 2.5/],
      [{ buckets: 1001 }, RangeError, /buckets must be an integer in \[1, 1000\], got 1001/],
      [{ clock: {} }, TypeError, /clock must be a Clock with now\(\), got object/],
      [{ random: 0.5 }, TypeError, /random must be a function, got number/],
    ])('rejects %o naming the option', (options, type, message) => {
      const make = () => new AdaptiveThrottle(options as never);
      expect(make).toThrow(type);
      expect(make).toThrow(message);
    });
  });
});
