import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as esm from '../../src/index.js';
import {
  NonRetryableError,
  nonRetryable,
  RetryableError,
  Retryer,
  retryable,
  retryInfo,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { Boom } from '../support/helpers.js';

/** Runs `op` under a retryer with zero delays; returns the call count and the rejection. */
async function outcome(op: () => unknown, options: esm.RetryOptions = {}) {
  let calls = 0;
  const retryer = new Retryer({ initialDelayMs: 0, maxAttempts: 4, ...options });
  const error = await retryer
    .run(() => {
      calls++;
      return op();
    })
    .catch((e: unknown) => e);
  return { calls, error };
}

const fails = (thrown: unknown) => () => {
  throw thrown;
};

describe(retryable.name, () => {
  it('retries what no classifier knows, and give-up rethrows the inner error', async () => {
    const inner = new Boom();
    const { calls, error } = await outcome(fails(retryable(inner)));
    expect(calls).toBe(4);
    expect(error).toBe(inner);
  });

  it('wins over a classifier that says non-retryable', async () => {
    const inner = new Boom();
    const classifiers = [() => ({ retryable: false, reason: 'never' })];
    const { calls } = await outcome(fails(retryable(inner)), { classifiers });
    expect(calls).toBe(4);
  });

  it('raises the delay to its delayMs hint', async () => {
    const clock = new FakeClock();
    const retryer = new Retryer({ clock, maxAttempts: 2, jitter: 'none', initialDelayMs: 10 });
    const run = retryer.run(fails(retryable(new Boom(), { delayMs: 750 }))).catch(() => {});
    await clock.runAll();
    await run;
    expect(clock.sleeps).toEqual([750]);
  });

  it('gives up with reason hint-too-long after one call when the hint exceeds maxDelayMs', async () => {
    const inner = new Boom();
    const { calls, error } = await outcome(fails(retryable(inner, { delayMs: 60_000 })), {
      maxDelayMs: 1000,
    });
    expect(calls).toBe(1);
    expect(error).toBe(inner);
    expect(retryInfo(inner)?.reason).toBe('hint-too-long');
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects delayMs %f with a RangeError',
    (delayMs) => {
      expect(() => retryable(new Boom(), { delayMs })).toThrow(RangeError);
      expect(() => retryable(new Boom(), { delayMs })).toThrow(/delayMs/);
    },
  );

  it('wraps primitives too: the run rejects with the primitive itself', async () => {
    const { calls, error } = await outcome(fails(retryable('busy')));
    expect(calls).toBe(4);
    expect(error).toBe('busy');
  });
});

describe(nonRetryable.name, () => {
  it('rethrows the inner error after one call, even with unknownErrors: retry', async () => {
    const inner = new Boom();
    const { calls, error } = await outcome(fails(nonRetryable(inner)), { unknownErrors: 'retry' });
    expect(calls).toBe(1);
    expect(error).toBe(inner);
    expect(retryInfo(inner)).toMatchObject({ attempts: 1, reason: 'non-retryable' });
  });

  it('wins over a classifier that says retryable', async () => {
    const classifiers = [() => ({ retryable: true, reason: 'always' })];
    const { calls } = await outcome(fails(nonRetryable(new Boom())), { classifiers });
    expect(calls).toBe(1);
  });
});

describe('markers in the cause chain', () => {
  it('the nearest marker decides: retryable(nonRetryable(e)) is retried, and rethrows e', async () => {
    const inner = new Boom();
    const { calls, error } = await outcome(fails(retryable(nonRetryable(inner))));
    expect(calls).toBe(4);
    expect(error).toBe(inner);
  });

  it('finds a marker below the thrown error and rethrows the thrown error itself', async () => {
    const outer = new Error('fetch failed', { cause: nonRetryable(new Boom()) });
    const { calls, error } = await outcome(fails(outer), { unknownErrors: 'retry' });
    expect(calls).toBe(1);
    expect(error).toBe(outer);
  });

  it('survives a cyclic cause chain without a marker', async () => {
    const a = new Boom('a');
    const b = new Boom('b');
    Object.assign(a, { cause: b });
    Object.assign(b, { cause: a });
    const { calls, error } = await outcome(fails(a), { unknownErrors: 'retry' });
    expect(calls).toBe(4);
    expect(error).toBe(a);
  });
});

describe('marker classes', () => {
  it('carry the cause, a name and the hint', () => {
    const inner = new Boom();
    const r = new RetryableError(inner, { delayMs: 5 });
    expect(r).toBeInstanceOf(Error);
    expect(r).toMatchObject({ name: 'RetryableError', cause: inner, delayMs: 5 });
    expect(new NonRetryableError(inner)).toMatchObject({ name: 'NonRetryableError', cause: inner });
    expect(retryable(inner)).toBeInstanceOf(RetryableError);
    expect(nonRetryable(inner)).toBeInstanceOf(NonRetryableError);
    expect(retryable(inner)).not.toBeInstanceOf(NonRetryableError);
  });

  it.each([
    ['retrywise.retryable', RetryableError, 4],
    ['retrywise.nonRetryable', NonRetryableError, 1],
  ] as const)(
    'honour any object branded Symbol.for(%j), not only instances',
    async (brand, cls, expected) => {
      const foreign = { [Symbol.for(brand)]: true, cause: new Boom(), message: 'foreign marker' };
      expect(foreign).toBeInstanceOf(cls);
      const { calls, error } = await outcome(fails(foreign), {
        unknownErrors: brand === 'retrywise.nonRetryable' ? 'retry' : 'fail',
      });
      expect(calls).toBe(expected);
      expect(error).toBe(foreign.cause);
    },
  );

  it('keep ordinary instanceof for subclasses', () => {
    class Conflict extends RetryableError {}
    expect(new Conflict(new Boom())).toBeInstanceOf(Conflict);
    expect(retryable(new Boom())).not.toBeInstanceOf(Conflict);
    expect(new Conflict(new Boom())).toBeInstanceOf(RetryableError);
  });

  it('do not take a Proxy whose traps throw for a marker', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('get trap');
        },
      },
    );
    expect(hostile instanceof RetryableError).toBe(false);
    expect(hostile instanceof NonRetryableError).toBe(false);
  });
});

describe('another copy of the package (the CommonJS build)', () => {
  let dir: string;
  let cjs: typeof esm;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'retrywise-cjs-'));
    await build({
      entry: { index: 'src/index.ts' },
      format: ['cjs'],
      outDir: dir,
      dts: false,
      silent: true,
      config: false,
      splitting: false,
      sourcemap: false,
      target: 'node20',
    });
    cjs = createRequire(import.meta.url)(join(dir, 'index.cjs')) as typeof esm;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is really another copy', () => {
    expect(cjs.RetryableError).not.toBe(RetryableError);
    expect(cjs.Retryer).not.toBe(Retryer);
  });

  it('its markers are honoured by this copy, and unwrap to the inner error', async () => {
    const inner = new Boom();
    const retried = await outcome(fails(cjs.retryable(inner)));
    expect(retried).toEqual({ calls: 4, error: inner });
    const stopped = await outcome(fails(cjs.nonRetryable(inner)), { unknownErrors: 'retry' });
    expect(stopped).toEqual({ calls: 1, error: inner });
    expect(cjs.retryable(inner)).toBeInstanceOf(RetryableError);
    expect(cjs.nonRetryable(inner)).toBeInstanceOf(NonRetryableError);
  });

  it('honours this copy’s markers, and retryInfo is shared both ways', async () => {
    const inner = new Boom();
    let calls = 0;
    const retryer = new cjs.Retryer({ initialDelayMs: 0, maxAttempts: 3 });
    const error = await retryer
      .run(() => {
        calls++;
        throw retryable(inner);
      })
      .catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(error).toBe(inner);
    expect(retryInfo(inner)).toMatchObject({ attempts: 3, reason: 'attempts' });
    expect(cjs.retryInfo(inner)).toBe(retryInfo(inner));
  });
});
