import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Classifier,
  type Jitter,
  Retryer,
  type RetryOptions,
  retryInfo,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { alwaysFailing, Boom, fixed, flaky } from '../helpers.js';

/** Runs `op` on a FakeClock to completion. */
async function onFakeClock<T>(options: RetryOptions, op: () => Promise<T>) {
  const clock = new FakeClock();
  const retryer = new Retryer({ ...options, clock });
  const result = retryer.run(op).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  await clock.runAll();
  return { clock, result: await result };
}

describe('Retryer.run — attempts', () => {
  it.each([1, 2, 3, 5, 10])(
    'maxAttempts: %i calls the operation exactly that many times',
    async (n) => {
      const { op, errors } = alwaysFailing();
      const { result } = await onFakeClock({ maxAttempts: n }, op);
      expect(errors).toHaveLength(n);
      expect(result).toEqual({ ok: false, error: errors.at(-1) });
    },
  );

  it('defaults to 3 attempts', async () => {
    const { op, errors } = alwaysFailing();
    await onFakeClock({}, op);
    expect(errors).toHaveLength(3);
  });

  it('resolves with the first success and stops calling', async () => {
    const { op, calls } = flaky(2, 'ok');
    const { result } = await onFakeClock({ maxAttempts: 5 }, op);
    expect(result).toEqual({ ok: true, value: 'ok' });
    expect(calls()).toBe(3);
  });

  it('accepts synchronous operations, returning or throwing', async () => {
    const retryer = new Retryer({ initialDelayMs: 0, unknownErrors: 'retry' });
    await expect(retryer.run(() => 42)).resolves.toBe(42);
    let calls = 0;
    await expect(
      retryer.run(() => {
        if (++calls < 3) throw new Boom();
        return 'third time';
      }),
    ).resolves.toBe('third time');
  });

  it('tells each attempt its number, elapsed time, name and signal', async () => {
    const clock = new FakeClock({ now: 1000 });
    const seen: unknown[] = [];
    const retryer = new Retryer({ clock, jitter: 'none', initialDelayMs: 100, name: 'default' });
    const run = retryer.run(
      (ctx) => {
        seen.push({
          ...ctx,
          aborted: ctx.signal.aborted,
          isSignal: ctx.signal instanceof AbortSignal,
        });
        throw new Boom();
      },
      { name: 'upload' },
    );
    run.catch(() => {});
    await clock.runAll();
    await expect(run).rejects.toThrow(Boom);
    expect(seen).toEqual([
      expect.objectContaining({
        attempt: 1,
        elapsedMs: 0,
        name: 'upload',
        aborted: false,
        isSignal: true,
      }),
    ]);
  });

  it('counts elapsed time from the first attempt on the retryer’s clock', async () => {
    const clock = new FakeClock({ now: 5000 });
    const elapsed: number[] = [];
    const retryer = new Retryer({ clock, jitter: 'none', initialDelayMs: 100, maxAttempts: 4 });
    const run = retryer.run(({ elapsedMs }) => {
      elapsed.push(elapsedMs);
      throw new Boom();
    });
    run.catch(() => {});
    await clock.runAll();
    expect(elapsed).toEqual([0]); // Boom is unknown: 'fail' by default
    const retrying = new Retryer({
      clock,
      jitter: 'none',
      initialDelayMs: 100,
      maxAttempts: 4,
      unknownErrors: 'retry',
    });
    elapsed.length = 0;
    const again = retrying.run(({ elapsedMs }) => {
      elapsed.push(elapsedMs);
      throw new Boom();
    });
    again.catch(() => {});
    await clock.runAll();
    expect(elapsed).toEqual([0, 100, 300, 700]);
  });

  it.each<[Jitter, number, number[]]>([
    ['none', 0.5, [100, 200, 400, 800]],
    ['full', 0.5, [50, 100, 200, 400]],
    ['equal', 0.5, [75, 150, 300, 600]],
    [{ ratio: 0.5 }, 0.75, [125, 250, 500, 1000]],
    ['decorrelated', 0.5, [200, 350, 575, 912.5]],
  ])(
    'sleeps follow the %j formula exactly for a fixed random (r = %f)',
    async (jitter, r, expected) => {
      const { op } = alwaysFailing();
      const options = {
        jitter,
        random: fixed(r),
        initialDelayMs: 100,
        maxDelayMs: 1000,
        maxAttempts: 5,
      };
      const { clock } = await onFakeClock(options, op);
      expect(clock.sleeps).toEqual(expected);
    },
  );

  it('caps every delay at maxDelayMs', async () => {
    const { op } = alwaysFailing();
    const options = {
      jitter: 'none' as const,
      initialDelayMs: 100,
      maxDelayMs: 250,
      maxAttempts: 5,
    };
    const { clock } = await onFakeClock(options, op);
    expect(clock.sleeps).toEqual([100, 200, 250, 250]);
  });

  describe('classification', () => {
    it('fails at once on an error nothing recognises (unknownErrors: fail, the default)', async () => {
      let calls = 0;
      const error = new Boom();
      const { result } = await onFakeClock({}, async () => {
        calls++;
        throw error;
      });
      expect(calls).toBe(1);
      expect(result).toEqual({ ok: false, error });
      expect(retryInfo(error)?.reason).toBe('non-retryable');
    });

    it('retries it with unknownErrors: retry', async () => {
      let calls = 0;
      await onFakeClock({ unknownErrors: 'retry' }, async () => {
        calls++;
        throw new Boom();
      });
      expect(calls).toBe(3);
    });

    it('asks classifiers in order; the first verdict wins, undefined passes on, a throwing one abstains', async () => {
      const asked: string[] = [];
      const classifiers: Classifier[] = [
        () => {
          asked.push('throws');
          throw new Error('broken classifier');
        },
        () => {
          asked.push('abstains');
          return undefined;
        },
        () => {
          asked.push('decides');
          return { retryable: true, reason: 'mine' };
        },
        () => {
          asked.push('never asked');
          return { retryable: false, reason: 'too late' };
        },
      ];
      let calls = 0;
      await onFakeClock({ classifiers, maxAttempts: 2 }, async () => {
        calls++;
        throw new Boom();
      });
      expect(calls).toBe(2);
      expect(asked).toEqual(['throws', 'abstains', 'decides', 'throws', 'abstains', 'decides']);
    });

    it('gives classifiers the attempt and the clock’s now', async () => {
      const seen: unknown[] = [];
      const classifiers: Classifier[] = [
        (_, ctx) => {
          seen.push({ ...ctx });
          return { retryable: true, reason: 'x' };
        },
      ];
      const clock = new FakeClock({ now: 10 });
      const retryer = new Retryer({
        clock,
        classifiers,
        jitter: 'none',
        initialDelayMs: 5,
        maxAttempts: 2,
      });
      const run = retryer.run(() => Promise.reject(new Boom()));
      run.catch(() => {});
      await clock.runAll();
      expect(seen).toEqual([
        { attempt: 1, now: 10 },
        { attempt: 2, now: 15 },
      ]);
    });

    it('raises the delay to a classifier’s hint, and gives up with deadline on a hint above maxDelayMs', async () => {
      const hinted = (delayMs: number): Classifier[] => [
        () => ({ retryable: true, reason: 'hint', delayMs }),
      ];
      let calls = 0;
      const op = async () => {
        calls++;
        throw new Boom();
      };
      const base = {
        jitter: 'none' as const,
        initialDelayMs: 100,
        maxAttempts: 3,
        maxDelayMs: 1000,
      };
      const { clock } = await onFakeClock({ ...base, classifiers: hinted(150) }, op);
      expect(clock.sleeps).toEqual([150, 200]);
      calls = 0;
      const { clock: clock2, result } = await onFakeClock(
        { ...base, classifiers: hinted(1001) },
        op,
      );
      expect(clock2.sleeps).toEqual([]);
      expect(calls).toBe(1);
      expect(!result.ok && retryInfo(result.error)?.reason).toBe('deadline');
    });

    it.each([Number.NaN, -1, Number.POSITIVE_INFINITY, '100'])(
      'ignores a malformed hint %o',
      async (delayMs) => {
        const classifiers = [
          () => ({ retryable: true, reason: 'x', delayMs }),
        ] as unknown as Classifier[];
        const op = () => Promise.reject(new Boom());
        const { clock } = await onFakeClock(
          { classifiers, jitter: 'none', initialDelayMs: 100, maxAttempts: 2 },
          op,
        );
        expect(clock.sleeps).toEqual([100]);
      },
    );

    it.each([null, 'yes', { retryable: 'true' }, 42])(
      'treats a malformed verdict %o as abstaining',
      async (verdict) => {
        const classifiers = [() => verdict] as unknown as Classifier[];
        let calls = 0;
        await onFakeClock({ classifiers, unknownErrors: 'retry', maxAttempts: 2 }, async () => {
          calls++;
          throw new Boom();
        });
        expect(calls).toBe(2);
      },
    );
  });

  describe('maxElapsedMs', () => {
    it('gives up with deadline rather than start a sleep that would end past it', async () => {
      const { op, errors } = alwaysFailing();
      const options = {
        jitter: 'none' as const,
        initialDelayMs: 100,
        maxAttempts: 10,
        maxElapsedMs: 350,
      };
      const { clock, result } = await onFakeClock(options, op);
      expect(clock.sleeps).toEqual([100, 200]);
      expect(errors).toHaveLength(3);
      expect(!result.ok && retryInfo(result.error)).toMatchObject({
        reason: 'deadline',
        attempts: 3,
        elapsedMs: 300,
      });
    });

    it('bounds Infinity attempts', async () => {
      const { op, errors } = alwaysFailing();
      const options = {
        maxAttempts: Number.POSITIVE_INFINITY,
        maxElapsedMs: 10_000,
        jitter: 'none' as const,
        initialDelayMs: 100,
        maxDelayMs: 100,
      };
      const { clock } = await onFakeClock(options, op);
      expect(errors).toHaveLength(101);
      expect(clock.now()).toBe(10_000);
    });
  });

  describe('retryIf', () => {
    it('retries on a matching value and resolves with the first that does not match', async () => {
      const values = ['pending', 'pending', 'done'];
      const { result } = await onFakeClock(
        { retryIf: (v) => v === 'pending', maxAttempts: 5 },
        async () => values.shift(),
      );
      expect(result).toEqual({ ok: true, value: 'done' });
      expect(values).toEqual([]);
    });

    it('resolves with the last value when attempts run out', async () => {
      let n = 0;
      const { result, clock } = await onFakeClock(
        { retryIf: () => true, maxAttempts: 4 },
        async () => ++n,
      );
      expect(result).toEqual({ ok: true, value: 4 });
      expect(clock.sleeps).toHaveLength(3);
    });

    it('treats a throwing retryIf as "do not retry"', async () => {
      const { result } = await onFakeClock(
        {
          retryIf: () => {
            throw new Error('bad predicate');
          },
        },
        async () => 'value',
      );
      expect(result).toEqual({ ok: true, value: 'value' });
    });
  });

  it('property: for any options, calls ≤ maxAttempts, sleeps = calls − 1, each within [0, maxDelayMs], total within maxElapsedMs', async () => {
    const jitterArb = fc.oneof(
      fc.constantFrom<Jitter>('none', 'full', 'equal', 'decorrelated'),
      fc.double({ min: 0, max: 1, noNaN: true }).map((ratio) => ({ ratio })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          maxAttempts: fc.integer({ min: 1, max: 12 }),
          initialDelayMs: fc.double({ min: 0, max: 10_000, noNaN: true }),
          maxDelayMs: fc.double({ min: 0, max: 60_000, noNaN: true }),
          multiplier: fc.double({ min: 1, max: 10, noNaN: true }),
          maxElapsedMs: fc.oneof(
            fc.constant(Number.POSITIVE_INFINITY),
            fc.double({ min: 0, max: 100_000, noNaN: true }),
          ),
          jitter: jitterArb,
        }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 15 }),
        async (options, r, failures) => {
          const { op, calls } = flaky(failures, 'ok');
          const { clock, result } = await onFakeClock({ ...options, random: fixed(r) }, op);
          expect(calls()).toBeLessThanOrEqual(options.maxAttempts);
          expect(clock.sleeps).toHaveLength(calls() - 1);
          for (const ms of clock.sleeps) {
            expect(ms).toBeGreaterThanOrEqual(0);
            expect(ms).toBeLessThanOrEqual(options.maxDelayMs);
          }
          expect(clock.now()).toBeLessThanOrEqual(options.maxElapsedMs);
          expect(result.ok).toBe(calls() === failures + 1);
          if (!result.ok) {
            const info = retryInfo(result.error);
            expect(info?.attempts).toBe(calls());
            expect(info?.reason).toBe(calls() === options.maxAttempts ? 'attempts' : 'deadline');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
