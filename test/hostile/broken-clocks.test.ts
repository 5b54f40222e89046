/**
 * Clocks that break: `sleep` that throws, returns something that is not a promise, rejects, or
 * never settles; `now` that throws or returns garbage. Every run still settles, with the clock's
 * error when the clock is at fault, and nothing goes unhandled.
 */
import { describe, expect, it } from 'vitest';
import { type Clock, Retryer, retryable } from '../../src/index.js';
import { Boom, unhandledDuring } from '../support/helpers.js';

class ClockError extends Error {
  override name = 'ClockError';
}

const brokenSleeps: [string, Clock['sleep']][] = [
  [
    'throws',
    () => {
      throw new ClockError('sleep threw');
    },
  ],
  ['returns undefined', () => undefined as never],
  ['returns a number', () => 42 as never],
  ['rejects', () => Promise.reject(new ClockError('sleep rejected'))],
];

const clockWith = (sleep: Clock['sleep']): Clock => ({ now: () => Date.now(), sleep });

describe('a clock whose sleep is broken', () => {
  it.each(brokenSleeps)(
    'with attemptTimeoutMs: a sleep that %s rejects the run with the clock error, as in backoff',
    async (_, sleep) => {
      const retryer = new Retryer({ attemptTimeoutMs: 1_000, clock: clockWith(sleep) });
      const unhandled = await unhandledDuring(async () => {
        const error = await retryer.run(async () => 'ok').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Error);
        expect(String(error)).toMatch(/ClockError|clock\.sleep must return a promise/);
      });
      expect(unhandled).toEqual([]);
    },
  );

  it('with attemptTimeoutMs: a sleep that rejects after the attempt ended changes nothing', async () => {
    let rejectLater: (error: Error) => void = () => {};
    const sleep = () => new Promise<void>((_, reject) => (rejectLater = reject));
    const retryer = new Retryer({ attemptTimeoutMs: 1_000, clock: clockWith(sleep) });
    const unhandled = await unhandledDuring(async () => {
      await expect(retryer.run(async () => 'ok')).resolves.toBe('ok');
      rejectLater(new ClockError('late'));
    });
    expect(unhandled).toEqual([]);
  });

  it.each(brokenSleeps)(
    'with attemptTimeoutMs: a sleep that %s makes a hung attempt fail with the clock error, not hang',
    async (_, sleep) => {
      const retryer = new Retryer({ attemptTimeoutMs: 1_000, clock: clockWith(sleep) });
      const unhandled = await unhandledDuring(async () => {
        const error = await retryer.run(() => new Promise(() => {})).catch((e: unknown) => e);
        expect(String(error)).toMatch(/ClockError|clock\.sleep must return a promise/);
      });
      expect(unhandled).toEqual([]);
    },
  );

  it.each(brokenSleeps)(
    'in backoff: a sleep that %s rejects the run with an error',
    async (_, sleep) => {
      const retryer = new Retryer({ clock: clockWith(sleep), initialDelayMs: 10 });
      const unhandled = await unhandledDuring(async () => {
        const error = await retryer
          .run(() => Promise.reject(retryable(new Boom())))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Error);
        expect(error).not.toBeInstanceOf(Boom);
      });
      expect(unhandled).toEqual([]);
    },
  );
});

describe('a clock whose now is broken', () => {
  const nows: [string, () => number][] = [
    [
      'throws',
      () => {
        throw new ClockError('now threw');
      },
    ],
    ['returns NaN', () => Number.NaN],
    ['returns a string', () => 'soon' as never],
  ];

  it.each([
    ['NaN', Number.NaN, 'NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
    ['a string', 'soon', '"soon"'],
  ])(
    'a now that returns %s rejects the run with a TypeError naming clock.now()',
    async (_, value, shown) => {
      let calls = 0;
      const clock: Clock = { now: () => value as number, sleep: () => Promise.resolve() };
      const failed = await new Retryer({ clock })
        .run(() => {
          calls++;
          return 'ok';
        })
        .catch((e: unknown) => e);
      expect(failed).toEqual(
        new TypeError(`clock.now() must return a finite number of ms, got ${shown}`),
      );
      expect(calls).toBe(0);
    },
  );

  it('a now that turns NaN after the first attempt rejects the run instead of retrying without a limit', async () => {
    let reads = 0;
    const clock: Clock = {
      now: () => (++reads === 1 ? 0 : Number.NaN),
      sleep: () => Promise.resolve(),
    };
    let calls = 0;
    const failed = await new Retryer({
      clock,
      maxAttempts: Number.POSITIVE_INFINITY,
      maxElapsedMs: 1000,
    })
      .run(() => {
        calls++;
        throw retryable(new Boom());
      })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TypeError);
    expect(calls).toBe(1);
  });

  it('a now that steps back never reports a negative elapsed time', async () => {
    const readings = [1000, 400, 300, 200];
    const clock: Clock = { now: () => readings.shift() ?? 100, sleep: () => Promise.resolve() };
    const elapsed: number[] = [];
    await new Retryer({ clock, maxAttempts: 3, onRetry: (e) => elapsed.push(e.elapsedMs) })
      .run(() => {
        throw retryable(new Boom());
      })
      .catch(() => undefined);
    expect(elapsed.length).toBe(2);
    for (const ms of elapsed) expect(ms).toBe(0);
  });

  it.each(nows)(
    'a now that %s settles every run: success, give-up, with and without a signal',
    async (_, now) => {
      const clock: Clock = { now, sleep: () => Promise.resolve() };
      const retryer = new Retryer({ clock, initialDelayMs: 1, maxAttempts: 3 });
      const unhandled = await unhandledDuring(async () => {
        const signal = new AbortController().signal;
        for (const options of [undefined, { signal }]) {
          const ok = await retryer
            .run(async () => 'ok', options)
            .then(
              (v) => v,
              (e: unknown) => e,
            );
          expect(['ok', 'ClockError', 'TypeError']).toContain(
            ok === 'ok' ? ok : (ok as Error).name,
          );
          const failed = await retryer
            .run(() => Promise.reject(retryable(new Boom())), options)
            .catch((e: unknown) => e);
          expect(failed).toBeInstanceOf(Error);
        }
      });
      expect(unhandled).toEqual([]);
    },
  );
});
