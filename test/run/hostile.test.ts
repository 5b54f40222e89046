import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Retryer, type RetryOptions, retryable, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { unhandledDuring } from '../support/helpers.js';
import { cyclic, hostile } from '../support/hostile-values.js';

const observers: RetryOptions = {
  onRetry: () => {},
  onGiveUp: () => {},
  onSuccess: () => {},
  logger: { warn: () => {}, error: () => {}, info: () => {}, debug: () => {} },
};

async function runOn(options: RetryOptions, op: () => unknown) {
  const clock = new FakeClock();
  let calls = 0;
  const run = new Retryer({ clock, ...observers, ...options }).run(() => {
    calls++;
    return op();
  });
  const outcome = run.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  await clock.runAll();
  return { calls, ...(await outcome) };
}

describe('Retryer.run — hostile thrown values', () => {
  it.each(hostile)(
    '%s, thrown: settles with the value itself (unknownErrors: fail)',
    async (_, make) => {
      const value = make();
      const result = await runOn({}, () => {
        throw value;
      });
      expect(result.calls).toBe(1);
      expect(result.ok).toBe(false);
      expect(Object.is(result.ok ? undefined : result.error, value)).toBe(true);
    },
  );

  it.each(hostile)('%s, rejected: retried, then settles with the value itself', async (_, make) => {
    const value = make();
    const result = await runOn({ unknownErrors: 'retry' }, () => Promise.reject(value));
    expect(result.calls).toBe(3);
    expect(result.ok).toBe(false);
    expect(Object.is(result.ok ? undefined : result.error, value)).toBe(true);
  });

  it.each(hostile)('%s, inside retryable(): settles with the value itself', async (_, make) => {
    const value = make();
    const result = await runOn({}, () => {
      throw retryable(value);
    });
    expect(result.calls).toBe(3);
    expect(Object.is(result.ok ? undefined : result.error, value)).toBe(true);
  });

  it.each(hostile)('%s, as the cause of an Error: settles with that Error', async (_, make) => {
    const outer = new Error('outer', { cause: make() });
    const result = await runOn({ unknownErrors: 'retry' }, () => Promise.reject(outer));
    expect(result.calls).toBe(3);
    expect(result.ok ? undefined : result.error).toBe(outer);
    expect(retryInfo(outer)?.attempts).toBe(3);
  });

  it('leaves no unhandled rejection behind, whatever was thrown', async () => {
    const unhandled = await unhandledDuring(async () => {
      for (const [, make] of hostile) {
        await runOn({ unknownErrors: 'retry' }, () => Promise.reject(make()));
      }
    });
    expect(unhandled).toEqual([]);
  });

  it('resolves with a hostile value when it is the result', async () => {
    const value = Object.freeze({ cause: cyclic() });
    const result = await runOn({}, () => value);
    expect(result).toEqual({ calls: 1, ok: true, value });
  });
});

describe('Retryer.run — any thrown value (property)', () => {
  it('settles with the thrown value itself, whatever it is', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.anything({ withNullPrototype: true, withMap: true, withSet: true }),
        async (value) => {
          const result = await runOn({ unknownErrors: 'retry', maxAttempts: 2 }, () =>
            Promise.reject(value),
          );
          expect(result.calls).toBe(2);
          expect(result.ok).toBe(false);
          expect(Object.is(result.ok ? undefined : result.error, value)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Retryer.run — endless cause chains', () => {
  it('walks a bounded part of a cause chain that never ends, and finds a near marker', async () => {
    let reads = 0;
    const endless = (): object => ({
      get cause() {
        reads++;
        return endless();
      },
    });
    const error = endless();
    const result = await runOn({ unknownErrors: 'retry' }, () => Promise.reject(error));
    expect(result.calls).toBe(3);
    expect(result.ok ? undefined : result.error).toBe(error);
    // Each walk (markers, then each classifier) stops after a few links.
    expect(reads / result.calls).toBeLessThan(200);
    const marked = new Error('outer', {
      cause: new Error('middle', { cause: retryable('inner') }),
    });
    const stopped = await runOn({ maxAttempts: 4 }, () => Promise.reject(marked));
    expect(stopped.calls).toBe(4);
  });
});
