import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Jitter, Retryer, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { alwaysFailing, Boom, fixed, flaky, onFakeClock } from '../support/helpers.js';

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
