import { describe, expect, it } from 'vitest';
import { retryInfo } from '../../src/index.js';
import { alwaysFailing, onFakeClock } from '../support/helpers.js';

describe('Retryer.run — maxElapsedMs', () => {
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

describe('Retryer.run — retryIf', () => {
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

  it('rejects with the error of a throwing retryIf: a predicate bug is not a value to accept', async () => {
    const { result } = await onFakeClock(
      {
        retryIf: () => {
          throw new Error('bad predicate');
        },
      },
      async () => 'value',
    );
    expect(result).toMatchObject({ ok: false, error: { message: 'bad predicate' } });
    expect(!result.ok && retryInfo(result.error)).toMatchObject({ reason: 'non-retryable' });
  });
});
