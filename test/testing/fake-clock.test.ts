import { afterEach, describe, expect, it, vi } from 'vitest';
import { lineLogger, Retryer, retryable } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { abortListeners, Boom, flaky, track } from '../support/helpers.js';

describe(FakeClock.name, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts at 0, or at the given now', () => {
    expect(new FakeClock().now()).toBe(0);
    expect(new FakeClock({ now: 1_700_000_000_000 }).now()).toBe(1_700_000_000_000);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, '0'])(
    'rejects now = %o with a RangeError',
    (now) => {
      expect(() => new FakeClock({ now: now as number })).toThrow(RangeError);
    },
  );

  it('resolves a sleep only when time reaches it', async () => {
    const clock = new FakeClock();
    const slept = track(clock.sleep(100));
    await clock.advance(99);
    expect(slept.done).toBe(false);
    expect(clock.pending).toBe(1);
    await clock.advance(1);
    expect(slept.done).toBe(true);
    expect(clock.pending).toBe(0);
    expect(clock.now()).toBe(100);
  });

  it('advance fires sleeps in order of due time, then of request, each at its own time', async () => {
    const clock = new FakeClock();
    const fired: [string, number][] = [];
    const sleep = (label: string, ms: number) =>
      clock.sleep(ms).then(() => fired.push([label, clock.now()]));
    sleep('c', 300);
    sleep('a', 100);
    sleep('b', 100);
    sleep('later', 1000);
    await clock.advance(500);
    expect(fired).toEqual([
      ['a', 100],
      ['b', 100],
      ['c', 300],
    ]);
    expect(clock.now()).toBe(500);
    expect(clock.pending).toBe(1);
  });

  it('advance also fires sleeps that woken code schedules within the window', async () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    clock.sleep(100).then(() => {
      fired.push(clock.now());
      return clock.sleep(100).then(() => fired.push(clock.now()));
    });
    await clock.advance(250);
    expect(fired).toEqual([100, 200]);
    expect(clock.now()).toBe(250);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
    'advance(%f) throws a RangeError',
    async (ms) => {
      await expect(new FakeClock().advance(ms)).rejects.toThrow(RangeError);
    },
  );

  it('runAll fires every sleep, including those scheduled while it runs, until none is pending', async () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const chain = async () => {
      for (const ms of [10, 20, 40]) {
        await clock.sleep(ms);
        fired.push(clock.now());
      }
    };
    const done = track(chain());
    await clock.runAll();
    expect(done.done).toBe(true);
    expect(fired).toEqual([10, 30, 70]);
    expect(clock.pending).toBe(0);
    expect(clock.now()).toBe(70);
  });

  it('runAll with nothing pending returns without moving time', async () => {
    const clock = new FakeClock({ now: 5 });
    await clock.runAll();
    expect(clock.now()).toBe(5);
  });

  it('sleeps lists every requested delay in order, negative ones as 0, aborted ones too', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const aborted = clock.sleep(300, controller.signal).catch((e: unknown) => e);
    clock.sleep(-5);
    clock.sleep(100);
    controller.abort('stop');
    await expect(aborted).resolves.toBe('stop');
    expect(clock.sleeps).toEqual([300, 0, 100]);
    expect(clock.pending).toBe(2);
    await expect(clock.sleep(1, AbortSignal.abort('already'))).rejects.toBe('already');
    expect(clock.sleeps).toEqual([300, 0, 100, 1]);
    expect(clock.pending).toBe(2);
  });

  it('a zero sleep still waits for advance or runAll', async () => {
    const clock = new FakeClock();
    const slept = track(clock.sleep(0));
    await Promise.resolve();
    await Promise.resolve();
    expect(slept.done).toBe(false);
    await clock.advance(0);
    expect(slept.done).toBe(true);
  });

  it('two concurrent advance(100) calls move time by 200 ms in total, each sleep at its own time', async () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    for (const ms of [100, 150, 200, 250]) clock.sleep(ms).then(() => fired.push(clock.now()));
    await Promise.all([clock.advance(100), clock.advance(100)]);
    expect(clock.now()).toBe(200);
    expect(fired).toEqual([100, 150, 200]);
    expect(clock.pending).toBe(1);
  });

  it('advance, runAll and advance called together run one after the other, in call order', async () => {
    const clock = new FakeClock();
    const seen: string[] = [];
    clock.sleep(1000).then(() => seen.push(`sleep@${clock.now()}`));
    await Promise.all([
      clock.advance(10).then(() => seen.push(`advance@${clock.now()}`)),
      clock.runAll().then(() => seen.push(`runAll@${clock.now()}`)),
      clock.advance(5).then(() => seen.push(`advance@${clock.now()}`)),
    ]);
    expect(seen).toEqual(['advance@10', 'sleep@1000', 'runAll@1000', 'advance@1005']);
    expect(clock.now()).toBe(1005);
  });

  it('a failing advance does not block the ones called after it', async () => {
    const clock = new FakeClock();
    const [bad, good] = await Promise.allSettled([clock.advance(-1), clock.advance(7)]);
    expect(bad).toMatchObject({ status: 'rejected', reason: expect.any(RangeError) });
    expect(good.status).toBe('fulfilled');
    expect(clock.now()).toBe(7);
  });

  it('its methods work detached from the instance: const { now, sleep, advance, runAll } = clock', async () => {
    const clock = new FakeClock({ now: 50 });
    const { now, sleep, advance, runAll } = clock;
    const slept = track(sleep(10));
    await advance(10);
    expect(slept.done).toBe(true);
    expect(now()).toBe(60);
    const later = track(sleep(5));
    await runAll();
    expect(later.done).toBe(true);
    expect(now()).toBe(65);
  });

  it('lineLogger({ now: clock.now }) stamps every line with the virtual time', async () => {
    const clock = new FakeClock({ now: Date.UTC(2026, 0, 2, 3, 4, 5) });
    const lines: string[] = [];
    const logger = lineLogger({ now: clock.now, write: (line) => lines.push(line) });
    const run = new Retryer({ clock, logger, maxAttempts: 2, initialDelayMs: 1000 }).run(
      flaky(1, 'ok').op,
    );
    await clock.runAll();
    await expect(run).resolves.toBe('ok');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[2026-01-02T03:04:05\.000Z\] WARN/);
    expect(lines[1]).toMatch(/^\[2026-01-02T03:04:0[5-6]\.\d{3}Z\] INFO/);
  });

  it('100,000 sleeps on one signal add one abort listener, and none is left once they fired', async () => {
    const clock = new FakeClock();
    const { signal } = new AbortController();
    const sleeps = Array.from({ length: 100_000 }, (_, i) => clock.sleep(i % 7, signal));
    expect(abortListeners(signal)).toBe(1);
    await clock.runAll();
    await Promise.all(sleeps);
    expect(abortListeners(signal)).toBe(0);
  });

  it('100,000 sleeps on one signal all reject with its reason when it aborts, leaving no listener', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const sleeps = Array.from({ length: 100_000 }, () =>
      clock.sleep(1000, controller.signal).catch((e: unknown) => e),
    );
    expect(abortListeners(controller.signal)).toBe(1);
    controller.abort('stop');
    const reasons = await Promise.all(sleeps);
    expect(reasons.every((r) => r === 'stop')).toBe(true);
    expect(clock.pending).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('needs no real or fake timers: works under vi.useFakeTimers()', async () => {
    vi.useFakeTimers();
    const clock = new FakeClock();
    const { op, calls } = flaky(2, 'ok');
    const run = new Retryer({ clock }).run(op);
    await clock.runAll();
    await expect(run).resolves.toBe('ok');
    expect(calls()).toBe(3);
  });

  it('drives a Retryer as its TSDoc example says', async () => {
    const clock = new FakeClock();
    const retryer = new Retryer({ clock, random: () => 0.5 });
    let calls = 0;
    const flakyOperation = async () => {
      if (++calls < 3) throw retryable(new Boom());
      return 'ok';
    };
    const done = retryer.run(flakyOperation);
    await clock.runAll();
    await done;
    expect(clock.sleeps).toEqual([500, 1000]);
  });
});
