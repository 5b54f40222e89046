import { describe, expect, it } from 'vitest';
import { Retryer, type RetryOptions, retry } from '../../src/index.js';
import { Boom } from '../support/helpers.js';

describe('Retryer — hedgeDelayMs, validated at construction', () => {
  it.each<[unknown, ErrorConstructor, RegExp]>([
    [-1, RangeError, /^hedgeDelayMs must be a finite number ≥ 0, got -1$/],
    [Number.NaN, RangeError, /^hedgeDelayMs must be a finite number ≥ 0, got NaN$/],
    [
      Number.POSITIVE_INFINITY,
      RangeError,
      /hedgeDelayMs must be a finite number ≥ 0, got Infinity/,
    ],
    ['100', TypeError, /^hedgeDelayMs must be a number, got string$/],
    [null, TypeError, /^hedgeDelayMs must be a number, got null$/],
  ])('rejects hedgeDelayMs %s with a %o that names it', (value, kind, message) => {
    const options = { hedgeDelayMs: value } as RetryOptions;
    expect(() => new Retryer(options)).toThrow(kind);
    expect(() => new Retryer(options)).toThrow(message);
    expect(() => retry(() => 1, options)).toThrow(message);
  });

  it.each([0, 0.5, 100])('accepts hedgeDelayMs %s', (hedgeDelayMs) => {
    expect(() => new Retryer({ hedgeDelayMs })).not.toThrow();
  });

  it('refuses maxAttempts: Infinity with hedging: every attempt could be in flight at once', () => {
    const options = { hedgeDelayMs: 10, maxAttempts: Infinity, maxElapsedMs: 1_000 };
    expect(() => new Retryer(options)).toThrow(RangeError);
    expect(() => new Retryer(options)).toThrow(
      /maxAttempts: Infinity cannot be used with hedgeDelayMs.*give a finite maxAttempts/,
    );
  });

  it('refuses beforeRetry with hedging, saying why', () => {
    const options = { hedgeDelayMs: 10, beforeRetry: async () => {} };
    expect(() => new Retryer(options)).toThrow(TypeError);
    expect(() => new Retryer(options)).toThrow(
      /beforeRetry cannot be used with hedgeDelayMs: hedges start while earlier attempts are still in flight/,
    );
  });

  it("suggests hedgeDelayMs for grpc-js's hedgingDelay", () => {
    expect(() => new Retryer({ hedgingDelay: 10 } as RetryOptions)).toThrow(
      /unknown option 'hedgingDelay'; did you mean hedgeDelayMs\?/,
    );
  });

  it('next() plans retries as usual under a hedging policy (an outside loop runs one attempt at a time)', () => {
    const retryer = new Retryer({ hedgeDelayMs: 10, jitter: 'none', initialDelayMs: 100 });
    const step = retryer.next(new Boom(), undefined);
    // Boom is unknown: 'fail' by default, so no retry; a retryable one plans a backoff delay.
    expect(step.retry).toBe(false);
    const unknownRetried = new Retryer({
      hedgeDelayMs: 10,
      jitter: 'none',
      initialDelayMs: 100,
      unknownErrors: 'retry',
    }).next(new Boom(), undefined);
    expect(unknownRetried).toMatchObject({ retry: true, delayMs: 100 });
  });
});
