import { describe, expect, it } from 'vitest';
import {
  nonRetryable,
  RetryBudget,
  Retryer,
  type RetryOptions,
  retryable,
  retryInfo,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { alwaysFailing, Boom } from '../support/helpers.js';

/** Every own key of `value`, symbols included, with its descriptor. */
function ownShape(value: object) {
  return Reflect.ownKeys(value).map((key) => [key, Reflect.getOwnPropertyDescriptor(value, key)]);
}

async function giveUp(options: RetryOptions, op: () => unknown) {
  const clock = new FakeClock();
  const run = new Retryer({ clock, jitter: 'none', initialDelayMs: 100, ...options }).run(op);
  const error = run.then(
    () => {
      throw new Error('expected the run to give up');
    },
    (e: unknown) => e,
  );
  await clock.runAll();
  return { error: await error, clock };
}

describe('Retryer.run — giving up', () => {
  it('rethrows the last error itself, with no new own properties (symbols included)', async () => {
    const errors = [new Boom('first'), new Boom('second'), new Boom('last')];
    const shapes = errors.map(ownShape);
    let i = 0;
    const { error } = await giveUp({}, async () => {
      throw retryable(errors[i++]);
    });
    expect(error).toBe(errors[2]);
    expect(errors.map(ownShape)).toEqual(shapes);
    expect(Object.getPrototypeOf(error)).toBe(Boom.prototype);
  });

  it('works with frozen and non-extensible errors', async () => {
    const frozen = Object.freeze(new Boom('frozen'));
    const sealed = Object.preventExtensions(new Boom('sealed'));
    for (const e of [frozen, sealed]) {
      const { error } = await giveUp({}, async () => {
        throw retryable(e);
      });
      expect(error).toBe(e);
      expect(retryInfo(e)).toMatchObject({ attempts: 3, reason: 'attempts' });
    }
  });

  it('nonRetryable(e) rethrows e after one call', async () => {
    const inner = new Boom();
    let calls = 0;
    const { error } = await giveUp({ unknownErrors: 'retry', maxAttempts: 10 }, async () => {
      calls++;
      throw nonRetryable(inner);
    });
    expect(calls).toBe(1);
    expect(error).toBe(inner);
  });

  describe('retryInfo', () => {
    it('gives attempts, the errors oldest first, elapsed time and the reason', async () => {
      const { op, errors } = alwaysFailing();
      const { error } = await giveUp({ maxAttempts: 4 }, op);
      const info = retryInfo(error);
      expect(info).toEqual({ attempts: 4, errors, elapsedMs: 100 + 200 + 400, reason: 'attempts' });
      expect(Object.isFrozen(info)).toBe(true);
      expect(Object.isFrozen(info?.errors)).toBe(true);
    });

    it.each<[string, RetryOptions, () => unknown, object]>([
      [
        'non-retryable',
        {},
        () => Promise.reject(new Boom()),
        { attempts: 1, reason: 'non-retryable', elapsedMs: 0 },
      ],
      [
        'attempts',
        { maxAttempts: 2 },
        () => Promise.reject(retryable(new Boom())),
        { attempts: 2, reason: 'attempts' },
      ],
      [
        'deadline',
        { maxElapsedMs: 250 },
        () => Promise.reject(retryable(new Boom())),
        { attempts: 2, reason: 'deadline', elapsedMs: 100 },
      ],
      [
        'budget',
        { budget: new RetryBudget({ maxTokens: 2, tokenRatio: 0.1 }), maxAttempts: 5 },
        () => Promise.reject(retryable(new Boom())),
        { attempts: 1, reason: 'budget' },
      ],
    ])('reason %s', async (_, options, op, expected) => {
      const { error } = await giveUp(options, op);
      expect(retryInfo(error)).toMatchObject(expected);
    });

    it('keeps the most recent 100 errors of a long run', async () => {
      const { op, errors } = alwaysFailing();
      const { error } = await giveUp({ maxAttempts: 150, initialDelayMs: 0 }, op);
      const info = retryInfo(error);
      expect(info?.attempts).toBe(150);
      expect(info?.errors).toEqual(errors.slice(50));
    });

    it('knows nothing of errors no run gave up on, nor of primitives', async () => {
      expect(retryInfo(new Boom())).toBeUndefined();
      expect(retryInfo(undefined)).toBeUndefined();
      expect(retryInfo(null)).toBeUndefined();
      const { error } = await giveUp({}, () => Promise.reject(retryable('plain string')));
      expect(error).toBe('plain string');
      expect(retryInfo(error)).toBeUndefined();
    });
  });

  it('with retryIf, resolves with the last value instead of rejecting', async () => {
    const clock = new FakeClock();
    let n = 0;
    const run = new Retryer({ clock, retryIf: (v) => v !== 'never', maxAttempts: 3 }).run(
      () => `value ${++n}`,
    );
    await clock.runAll();
    await expect(run).resolves.toBe('value 3');
  });

  it('with retryIf, a give-up on a value is logged at warn as a give-up that resolves, not a failure', async () => {
    const clock = new FakeClock();
    const lines: [string, string, Record<string, unknown>][] = [];
    const logger = {
      warn: (m: string, f: object) => lines.push(['warn', m, { ...f }]),
      error: (m: string, f: object) => lines.push(['error', m, { ...f }]),
    };
    const giveUps: unknown[] = [];
    const run = new Retryer({
      clock,
      logger,
      retryIf: (v) => v === 'pending',
      maxAttempts: 2,
      onGiveUp: (e) => giveUps.push(e),
    }).run(() => 'pending', { name: 'poll' });
    await clock.runAll();
    await expect(run).resolves.toBe('pending');
    expect(lines.map(([level, m]) => `${level}: ${m}`)).toEqual([
      'warn: operation result matched retryIf, retrying',
      'warn: operation gave up after 2 attempts, resolving with the last result',
    ]);
    expect(lines[1]?.[2]).toEqual({
      operation: 'poll',
      attempts: 2,
      reason: 'attempts',
      elapsed_ms: expect.any(Number),
    });
    expect(giveUps).toEqual([
      expect.objectContaining({
        attempts: 2,
        error: undefined,
        reason: 'attempts',
        result: 'pending',
      }),
    ]);
  });
});
