import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AttemptContext,
  type Clock,
  Retryer,
  type RetryInfo,
  type RetryState,
  type RetryStep,
  retry,
  retryable,
  retryInfo,
} from '../src/index.js';
import { FakeClock } from '../src/testing/index.js';
import { Boom, flaky } from './support/helpers.js';

describe(Retryer.name, () => {
  it('one instance serves concurrent runs, each with its own attempts and schedule', async () => {
    const clock = new FakeClock();
    const retryer = new Retryer({ clock, jitter: 'none', initialDelayMs: 100, maxAttempts: 5 });
    const a = flaky(1, 'a');
    const b = flaky(3, 'b');
    const runs = Promise.all([retryer.run(a.op), retryer.run(b.op)]);
    await clock.runAll();
    expect(await runs).toEqual(['a', 'b']);
    expect([a.calls(), b.calls()]).toEqual([2, 4]);
    expect([...clock.sleeps].sort((x, y) => x - y)).toEqual([100, 100, 200, 400]);
  });

  describe('wrap', () => {
    it('returns a function with the same parameters whose calls are retried', async () => {
      const clock = new FakeClock();
      const retryer = new Retryer({ clock });
      const seen: unknown[][] = [];
      let calls = 0;
      const add = retryer.wrap(async (x: number, y: number) => {
        seen.push([x, y]);
        if (++calls < 2) throw retryable(new Boom());
        return x + y;
      });
      const sum = add(2, 3);
      await clock.runAll();
      expect(await sum).toBe(5);
      expect(seen).toEqual([
        [2, 3],
        [2, 3],
      ]);
    });

    it('keeps the `this` the wrapped function is called with', async () => {
      const api = {
        base: 40,
        add: new Retryer().wrap(async function (this: { base: number }, n: number) {
          return this.base + n;
        }),
      };
      expect(await api.add(2)).toBe(42);
    });

    it('keeps the name and length of the wrapped function', () => {
      async function uploadPart(_bucket: string, _key: string, _part: number): Promise<void> {}
      const wrapped = new Retryer().wrap(uploadPart);
      expect({ name: wrapped.name, length: wrapped.length }).toEqual({
        name: 'uploadPart',
        length: 3,
      });
    });

    it('gives up like run, with the last error itself', async () => {
      const error = new Boom();
      const failing = new Retryer({ maxAttempts: 1 }).wrap(() => Promise.reject(error));
      await expect(failing()).rejects.toBe(error);
      expect(retryInfo(error)?.attempts).toBe(1);
    });
  });

  describe('retry', () => {
    it('runs once under its own options, RunOptions included', async () => {
      const clock = new FakeClock();
      const names: (string | undefined)[] = [];
      const { op, calls } = flaky(3, 'done');
      const result = retry(
        (ctx) => {
          names.push(ctx.name);
          return op();
        },
        { clock, maxAttempts: 4, name: 'one-shot' },
      );
      await clock.runAll();
      await expect(result).resolves.toBe('done');
      expect(calls()).toBe(4);
      expect(names).toEqual(['one-shot', 'one-shot', 'one-shot', 'one-shot']);
    });

    it('stops on its signal', async () => {
      const clock = new FakeClock();
      const controller = new AbortController();
      const result = retry(() => Promise.reject(retryable(new Boom())), {
        clock,
        signal: controller.signal,
      });
      await Promise.resolve();
      controller.abort('stop');
      await expect(result).rejects.toBe('stop');
    });
  });

  describe('next (basics; see its own tests)', () => {
    it('plans a retry with the same schedule as run, then gives up on attempts', () => {
      const clock = new FakeClock({ now: 1000 });
      const retryer = new Retryer({ clock, jitter: 'none', initialDelayMs: 100, maxAttempts: 3 });
      const error = retryable(new Boom());
      const first = retryer.next(error);
      expect(first).toEqual({
        retry: true,
        delayMs: 100,
        retryAt: 1100,
        reason: 'marked retryable',
        state: { attempt: 1, firstAttemptAt: 1000, lastDelayMs: 100, retryAt: 1100 },
      });
      const second = retryer.next(error, JSON.parse(JSON.stringify(first.state)) as RetryState);
      expect(second).toMatchObject({ retry: true, delayMs: 200, state: { attempt: 2 } });
      const third = retryer.next(error, second.state);
      expect(third).toEqual({
        retry: false,
        reason: 'attempts',
        state: { attempt: 3, firstAttemptAt: 1000, lastDelayMs: 200 },
      });
    });

    it('does not retry a non-retryable error', () => {
      expect(new Retryer().next(new Boom())).toMatchObject({
        retry: false,
        reason: 'non-retryable',
      });
    });
  });

  it('types: run and wrap infer their results and parameters', () => {
    const retryer = new Retryer();
    expectTypeOf(retryer.run(async () => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(retryer.run(() => 'sync')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(retryer.run(() => Promise.resolve({ id: 1 }))).toEqualTypeOf<
      Promise<{ id: number }>
    >();
    expectTypeOf(retry(async () => true)).toEqualTypeOf<Promise<boolean>>();
    retryer.run((ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<AttemptContext>();
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
      expectTypeOf(ctx.attempt).toEqualTypeOf<number>();
      return 0;
    });
    const wrapped = retryer.wrap(async (id: string, opts?: { deep: boolean }) => ({
      id,
      deep: opts?.deep,
    }));
    expectTypeOf(wrapped).toEqualTypeOf<
      (id: string, opts?: { deep: boolean }) => Promise<{ id: string; deep: boolean | undefined }>
    >();
    expectTypeOf(retryer.wrap((n: number) => n * 2)).toEqualTypeOf<
      (n: number) => Promise<number>
    >();
    expectTypeOf(retryer.next).returns.toEqualTypeOf<RetryStep>();
    expectTypeOf(retryInfo).returns.toEqualTypeOf<RetryInfo | undefined>();
    expectTypeOf<FakeClock>().toMatchTypeOf<Clock>();
    const step = retryer.next(new Boom());
    if (step.retry) expectTypeOf(step.delayMs).toEqualTypeOf<number>();
    else
      expectTypeOf(step.reason).toEqualTypeOf<
        | 'non-retryable'
        | 'attempts'
        | 'deadline'
        | 'hint-too-long'
        | 'budget'
        | 'aborted'
        | 'throttled-locally'
      >();
    const neverCalled = () => {
      // @ts-expect-error wrap keeps the parameter types
      wrapped(42);
      // @ts-expect-error jitter is one of the known kinds
      new Retryer({ jitter: 'random' });
      // @ts-expect-error unknownErrors is 'fail' or 'retry'
      new Retryer({ unknownErrors: 'ignore' });
    };
    expect(neverCalled).toBeTypeOf('function');
  });
});
