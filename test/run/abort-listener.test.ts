import { describe, expect, it } from 'vitest';
import { type Clock, type RetryBudget, Retryer, retryable, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { abortListeners, Boom, nextMacrotask, track } from '../support/helpers.js';

const failing = () => Promise.reject(retryable(new Boom()));

/** A user clock that sleeps until `wake()`, deaf to the signal it is given. */
function deafClock(): Clock & { wake: () => void; sleeping: () => boolean } {
  let resolve: (() => void) | undefined;
  return {
    now: () => 0,
    sleep: () =>
      new Promise<void>((r) => {
        resolve = r;
      }),
    wake: () => resolve?.(),
    sleeping: () => resolve !== undefined,
  };
}

describe('Retryer.run — one abort listener for the whole run', () => {
  it('holds exactly one listener during attempts and sleeps, and none once settled', async () => {
    const controller = new AbortController();
    const { signal } = controller;
    const seen: number[] = [];
    let fail = true;
    const run = new Retryer({ initialDelayMs: 1, jitter: 'none' }).run(
      () => {
        seen.push(abortListeners(signal));
        return fail ? failing() : 'ok';
      },
      { signal },
    );
    await nextMacrotask();
    expect(abortListeners(signal)).toBe(1); // asleep on a timer
    fail = false;
    await expect(run).resolves.toBe('ok');
    expect(seen).toEqual([1, 1]);
    expect(abortListeners(signal)).toBe(0);
  });

  it('an abort during a user clock’s sleep that ignores the signal settles at once', async () => {
    const clock = deafClock();
    const controller = new AbortController();
    let calls = 0;
    const run = track(
      new Retryer({ clock }).run(
        () => {
          calls++;
          return failing();
        },
        { signal: controller.signal },
      ),
    );
    await nextMacrotask();
    expect(clock.sleeping()).toBe(true);
    const reason = new Error('stop');
    controller.abort(reason);
    await Promise.resolve();
    await Promise.resolve();
    expect(run.done).toBe(true); // without waiting for the sleep
    expect(await run.result).toEqual({ ok: false, error: reason });
    clock.wake();
    await nextMacrotask();
    expect(calls).toBe(1);
    expect(abortListeners(controller.signal)).toBe(0);
    expect(retryInfo(reason)).toMatchObject({ attempts: 1, reason: 'aborted' });
  });

  const settles: [string, () => Promise<string>, object][] = [
    ['onSuccess', async () => 'ok', { ok: true, value: 'ok' }],
    ['onGiveUp', () => Promise.reject(new Boom('last')), { ok: false, error: { message: 'last' } }],
  ];
  it.each(settles)(
    'a %s hook that aborts the signal does not change how the run settles',
    async (hook, op, expected) => {
      const controller = new AbortController();
      const abortIn = (): void => controller.abort('from hook');
      const run = track(new Retryer({ [hook]: abortIn }).run(op, { signal: controller.signal }));
      await nextMacrotask();
      expect(controller.signal.aborted).toBe(true);
      expect(await run.result).toMatchObject(expected);
      expect(abortListeners(controller.signal)).toBe(0);
    },
  );

  it('an abort during an attempt gives back the budget slot reserved for it', async () => {
    const counts = { reserved: 0, released: 0 };
    const budget: RetryBudget = {
      canRetry: () => false,
      retryDelayMs: () => 0,
      reserve: () => ++counts.reserved > 0,
      release: () => {
        counts.released++;
      },
      recordFailure: () => {},
      recordSuccess: () => {},
    } as RetryBudget;
    const clock = new FakeClock();
    const controller = new AbortController();
    let calls = 0;
    const run = track(
      new Retryer({ clock, budget }).run(
        () => (++calls === 1 ? failing() : new Promise<never>(() => {})),
        { signal: controller.signal },
      ),
    );
    await clock.runAll();
    await nextMacrotask();
    expect(calls).toBe(2);
    expect(counts).toEqual({ reserved: 1, released: 0 });
    controller.abort('stop');
    await nextMacrotask();
    expect(await run.result).toEqual({ ok: false, error: 'stop' });
    expect(counts).toEqual({ reserved: 1, released: 1 });
  });
});
