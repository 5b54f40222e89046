import { describe, expect, it } from 'vitest';
import { type Classifier, Retryer, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { Boom, onFakeClock } from '../support/helpers.js';

describe('Retryer.run — classification', () => {
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

  it('raises the delay to a classifier’s hint, and gives up with hint-too-long on a hint above maxDelayMs', async () => {
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
    const { clock: clock2, result } = await onFakeClock({ ...base, classifiers: hinted(1001) }, op);
    expect(clock2.sleeps).toEqual([]);
    expect(calls).toBe(1);
    expect(!result.ok && retryInfo(result.error)?.reason).toBe('hint-too-long');
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
