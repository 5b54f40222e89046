import { describe, expect, it } from 'vitest';
import {
  AdaptiveThrottle,
  RetryBudget,
  Retryer,
  type RetryOptions,
  retry,
} from '../../src/index.js';

type Case = [string, unknown, typeof RangeError | typeof TypeError, RegExp];

const invalid: Case[] = [
  ['maxAttempts', 0, RangeError, /maxAttempts/],
  ['maxAttempts', -1, RangeError, /maxAttempts/],
  ['maxAttempts', 2.5, RangeError, /maxAttempts/],
  ['maxAttempts', Number.NaN, RangeError, /maxAttempts/],
  ['maxAttempts', Number.NEGATIVE_INFINITY, RangeError, /maxAttempts/],
  ['maxAttempts', '3', TypeError, /maxAttempts/],
  [
    'maxAttempts',
    2 ** 53,
    RangeError,
    /maxAttempts must be an integer ≥ 1 or Infinity, got 9007199254740992/,
  ],
  ['initialDelayMs', -1, RangeError, /initialDelayMs/],
  ['initialDelayMs', Number.NaN, RangeError, /initialDelayMs/],
  ['initialDelayMs', Number.POSITIVE_INFINITY, RangeError, /initialDelayMs/],
  ['initialDelayMs', '100', TypeError, /initialDelayMs/],
  ['maxDelayMs', -5, RangeError, /maxDelayMs/],
  ['maxDelayMs', Number.NaN, RangeError, /maxDelayMs/],
  ['maxDelayMs', Number.POSITIVE_INFINITY, RangeError, /maxDelayMs/],
  ['multiplier', 0.5, RangeError, /multiplier/],
  ['multiplier', 0, RangeError, /multiplier/],
  ['multiplier', Number.NaN, RangeError, /multiplier/],
  ['multiplier', Number.POSITIVE_INFINITY, RangeError, /multiplier/],
  ['multiplier', null, TypeError, /multiplier/],
  ['jitter', 'random', RangeError, /jitter/],
  ['jitter', 'Full', RangeError, /jitter/],
  ['jitter', {}, TypeError, /jitter/],
  ['jitter', null, TypeError, /jitter/],
  ['jitter', 0.5, TypeError, /jitter/],
  ['jitter', { ratio: -0.1 }, RangeError, /jitter\.ratio/],
  ['jitter', { ratio: 1.5 }, RangeError, /jitter\.ratio/],
  ['jitter', { ratio: Number.NaN }, RangeError, /jitter\.ratio/],
  ['jitter', { ratio: '0.5' }, TypeError, /jitter\.ratio/],
  ['maxElapsedMs', -1, RangeError, /maxElapsedMs/],
  ['maxElapsedMs', Number.NaN, RangeError, /maxElapsedMs/],
  ['maxElapsedMs', '1s', TypeError, /maxElapsedMs/],
  ['attemptTimeoutMs', 0, RangeError, /attemptTimeoutMs/],
  ['attemptTimeoutMs', -1, RangeError, /attemptTimeoutMs/],
  ['attemptTimeoutMs', Number.NaN, RangeError, /attemptTimeoutMs/],
  ['attemptTimeoutMs', Number.POSITIVE_INFINITY, RangeError, /attemptTimeoutMs/],
  ['unknownErrors', 'ignore', RangeError, /unknownErrors/],
  ['unknownErrors', true, RangeError, /unknownErrors/],
  ['classifiers', () => undefined, TypeError, /classifiers/],
  ['classifiers', [() => undefined, 'http'], TypeError, /classifiers\[1\]/],
  ['retryIf', true, TypeError, /retryIf/],
  ['budget', { canRetry: () => true }, TypeError, /budget/],
  ['signal', { aborted: false }, TypeError, /signal/],
  ['clock', { now: () => 0 }, TypeError, /clock/],
  ['clock', Date, TypeError, /clock/],
  ['random', 0.5, TypeError, /random/],
  ['onRetry', 'log', TypeError, /onRetry/],
  ['onGiveUp', {}, TypeError, /onGiveUp/],
  ['onSuccess', 1, TypeError, /onSuccess/],
  ['logger', 'console', TypeError, /logger/],
  ['logger', null, TypeError, /logger/],
  ['name', 42, TypeError, /name/],
];

describe('RetryOptions validation', () => {
  it.each(invalid)('rejects %s = %o at construction, naming it', (key, value, kind, names) => {
    const make = () => new Retryer({ [key]: value } as RetryOptions);
    expect(make).toThrow(kind);
    expect(make).toThrow(names);
  });

  it.each(invalid)(
    'retry() rejects %s = %o synchronously, before calling the operation',
    (key, value, kind) => {
      let calls = 0;
      expect(() =>
        retry(
          () => {
            calls++;
          },
          { [key]: value } as RetryOptions,
        ),
      ).toThrow(kind);
      expect(calls).toBe(0);
    },
  );

  it('rejects maxAttempts: Infinity without a finite maxElapsedMs', () => {
    expect(() => new Retryer({ maxAttempts: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => new Retryer({ maxAttempts: Number.POSITIVE_INFINITY })).toThrow(/maxElapsedMs/);
    expect(
      () =>
        new Retryer({
          maxAttempts: Number.POSITIVE_INFINITY,
          maxElapsedMs: Number.POSITIVE_INFINITY,
        }),
    ).toThrow(RangeError);
  });

  it.each<[string, RetryOptions]>([
    ['no options', {}],
    ['maxAttempts 1', { maxAttempts: 1 }],
    ['Infinity attempts within maxElapsedMs', { maxAttempts: Infinity, maxElapsedMs: 60_000 }],
    ['zero delays', { initialDelayMs: 0, maxDelayMs: 0 }],
    ['multiplier 1', { multiplier: 1 }],
    ['each jitter kind', { jitter: 'decorrelated' }],
    ['ratio 0', { jitter: { ratio: 0 } }],
    ['ratio 1', { jitter: { ratio: 1 } }],
    ['maxElapsedMs 0', { maxElapsedMs: 0 }],
    ['console as logger', { logger: console }],
    ['unknownErrors retry', { unknownErrors: 'retry' }],
    ['empty classifiers', { classifiers: [] }],
  ])('accepts %s', (_, options) => {
    expect(() => new Retryer(options)).not.toThrow();
  });

  it.each([null, 3, 'fast'])('rejects options = %o with a TypeError', (options) => {
    expect(() => new Retryer(options as unknown as RetryOptions)).toThrow(TypeError);
  });

  it('takes a copy of the classifier list: pushing to it later changes nothing', async () => {
    const classifiers: NonNullable<RetryOptions['classifiers']>[number][] = [];
    const retryer = new Retryer({ classifiers, initialDelayMs: 0 });
    classifiers.push(() => ({ retryable: true, reason: 'late' }));
    let calls = 0;
    await expect(
      retryer.run(() => {
        calls++;
        throw new Error('x');
      }),
    ).rejects.toThrow('x');
    expect(calls).toBe(1);
  });

  describe('run options', () => {
    const retryer = new Retryer();
    it.each<[string, unknown, RegExp]>([
      ['signal', 'abort', /signal/],
      ['name', 7, /name/],
    ])('rejects %s = %o synchronously with a TypeError', (key, value, names) => {
      const run = () => retryer.run(() => 1, { [key]: value } as never);
      expect(run).toThrow(TypeError);
      expect(run).toThrow(names);
    });

    it.each([
      ['maxAttempts', 5],
      ['retries', 4],
      ['sigal', AbortSignal.timeout(1000)],
      ['attemptTimeoutMs', 100],
    ])('rejects the unknown run option %s synchronously, naming it', (key, value) => {
      let calls = 0;
      const run = () => retryer.run(() => calls++, { [key]: value } as never);
      expect(run).toThrow(TypeError);
      expect(run).toThrow(`unknown run option '${key}'`);
      expect(calls).toBe(0);
    });

    it('accepts signal and name as run options, also when undefined', async () => {
      await expect(retryer.run(() => 1, { signal: undefined, name: undefined })).resolves.toBe(1);
      await expect(
        retryer.run(() => 2, { signal: new AbortController().signal, name: 'x' }),
      ).resolves.toBe(2);
    });

    it.each([null, 'fast'])('rejects run options %o with a TypeError that says so', (options) => {
      const run = () => retryer.run(() => 1, options as never);
      expect(run).toThrow(TypeError);
      expect(run).toThrow(/run options must be an object/);
    });

    it('rejects an operation that is not a function', () => {
      expect(() => retryer.run('go' as never)).toThrow(TypeError);
      expect(() => retryer.wrap(undefined as never)).toThrow(TypeError);
    });
  });

  describe('unknown options', () => {
    it.each<[Record<string, unknown>, RegExp]>([
      [
        { retries: 5 },
        /unknown option 'retries'; did you mean maxAttempts \(which counts the first call too/,
      ],
      [{ minTimeout: 100 }, /unknown option 'minTimeout'; did you mean initialDelayMs/],
      [{ factor: 3 }, /unknown option 'factor'; did you mean multiplier/],
      [{ maxAttempt: 3 }, /unknown option 'maxAttempt'; did you mean maxAttempts\?/],
      [{ initialdelayms: 3 }, /did you mean initialDelayMs\?/],
      [{ colour: 'red' }, /^unknown option 'colour'$/],
      [{ constructor: 1 }, /^unknown option 'constructor'$/],
      [{ toString: 1 }, /^unknown option 'toString'$/],
    ])('rejects %o with a TypeError that names it', (options, message) => {
      expect(() => new Retryer(options as RetryOptions)).toThrow(TypeError);
      expect(() => new Retryer(options as RetryOptions)).toThrow(message);
      expect(() => retry(() => 1, options as RetryOptions)).toThrow(message);
    });

    it('accepts every option of RetryOptions and RunOptions', () => {
      const all: Required<RetryOptions<number>> = {
        maxAttempts: 2,
        initialDelayMs: 1,
        maxDelayMs: 2,
        multiplier: 2,
        jitter: 'none',
        maxElapsedMs: 10,
        totalTimeoutMs: 20,
        attemptTimeoutMs: 5,
        hedgeDelayMs: 3,
        classifiers: [],
        unknownErrors: 'retry',
        retryIf: (result: number) => result > 1,
        budget: new RetryBudget({ maxTokens: 10, tokenRatio: 0.1 }),
        throttle: new AdaptiveThrottle(),
        signal: new AbortController().signal,
        clock: { now: () => 0, sleep: () => Promise.resolve() },
        random: () => 0.5,
        onRetry: () => {},
        beforeRetry: async () => {},
        onGiveUp: () => {},
        onSuccess: () => {},
        logger: {},
        name: 'all',
      };
      // beforeRetry and hedgeDelayMs exclude each other (test/run/hedge-options.test.ts).
      expect(() => new Retryer({ ...all, hedgeDelayMs: undefined })).not.toThrow();
      expect(() => new Retryer({ ...all, beforeRetry: undefined })).not.toThrow();
    });
  });
});
