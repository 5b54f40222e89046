/**
 * `retryIf` is typed by the operation's result wherever the result type is known: checked by the
 * compiler (`npm run typecheck` covers test/), with a runtime check of each case beside it.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Retryer, type RetryOptions, type RunOptions, retry } from '../../src/index.js';

interface Job {
  readonly done: boolean;
  readonly id: string;
}

describe('retryIf is typed by the result', () => {
  it('retry(): the predicate gets the operation result, unannotated', async () => {
    const value = await retry(async () => ({ done: true }), { retryIf: (v) => !v.done });
    expectTypeOf(value).toEqualTypeOf<{ done: boolean }>();
    expect(value).toEqual({ done: true });
    await retry(() => 3, {
      retryIf: (n) => {
        expectTypeOf(n).toEqualTypeOf<number>();
        return n < 0;
      },
    });
  });

  it('retry(): a wrong annotation does not compile', async () => {
    // @ts-expect-error the result is { done: boolean }, not a string
    await retry(async () => ({ done: true }), { retryIf: (v: string) => v === '' });
    // @ts-expect-error the result is a number; at run time, `v.done` is undefined: not a boolean
    const wrong = retry(() => 1, { retryIf: (v: { done: boolean }) => v.done });
    await expect(wrong).rejects.toThrow(
      new TypeError('retryIf must return a boolean, got undefined'),
    );
  });

  it("run(): a run's own retryIf gets the operation result, unannotated", async () => {
    const retryer = new Retryer();
    const job = await retryer.run(async (): Promise<Job> => ({ done: true, id: 'a' }), {
      retryIf: (j) => {
        expectTypeOf(j).toEqualTypeOf<Job>();
        return !j.done;
      },
    });
    expect(job.id).toBe('a');
    await retryer.run(async (): Promise<Job> => ({ done: true, id: 'b' }), {
      // @ts-expect-error the result is a Job, not a number
      retryIf: (n: number) => n > 0,
    });
  });

  it('Retryer<R>: a retryIf on the retryer fixes what its operations may return', async () => {
    const jobs = new Retryer({ retryIf: (job: Job) => !job.done });
    expectTypeOf(jobs).toEqualTypeOf<Retryer<Job>>();
    const job = await jobs.run(async () => ({ done: true, id: 'c' }));
    expectTypeOf(job).toExtend<Job>();
    // @ts-expect-error the retryer's retryIf would be called with a number
    await jobs.run(async () => 42);
    // Without an annotation the result type is not known: the predicate gets unknown.
    new Retryer({
      retryIf: (v) => {
        expectTypeOf(v).toEqualTypeOf<unknown>();
        return v === undefined;
      },
    });
    // A retryer without retryIf runs anything.
    const any = new Retryer({ maxAttempts: 2 });
    expectTypeOf(await any.run(() => 'x')).toEqualTypeOf<string>();
    expectTypeOf(await any.run(() => 1)).toEqualTypeOf<number>();
    expect(job.id).toBe('c');
  });

  it('a Retryer<R> goes where a Retryer is expected (adapters, variables)', () => {
    const jobs = new Retryer({ retryIf: (job: Job) => !job.done });
    const plain: Retryer = jobs;
    expect(plain).toBe(jobs);
  });

  it('the option types carry the result type', () => {
    expectTypeOf<RetryOptions<Job>['retryIf']>().toEqualTypeOf<
      ((result: Job) => boolean) | undefined
    >();
    expectTypeOf<RunOptions<Job>['retryIf']>().toEqualTypeOf<
      ((result: Job) => boolean) | undefined
    >();
    expectTypeOf<RetryOptions['retryIf']>().toEqualTypeOf<
      ((result: unknown) => boolean) | undefined
    >();
    // @ts-expect-error a predicate on Jobs is not a predicate on anything
    const wrong: RetryOptions = { retryIf: (job: Job) => job.done };
    expect(wrong).toBeDefined();
  });
});
