import { afterEach, describe, expect, it, vi } from 'vitest';
import { Retryer, retryable } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { Boom, flaky, track } from '../support/helpers.js';

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
