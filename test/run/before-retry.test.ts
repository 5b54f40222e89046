import { describe, expect, it } from 'vitest';
import {
  type BeforeRetryEvent,
  Retryer,
  retryable,
  retryInfo,
  TotalTimeoutError,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { Boom, unhandledDuring } from '../support/helpers.js';

describe('Retryer.run — beforeRetry', () => {
  it('is awaited after the sleep and before the next attempt: a refreshed token reaches it', async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    let token = 'expired';
    const run = new Retryer({
      clock,
      initialDelayMs: 100,
      jitter: 'none',
      onRetry: () => order.push(`onRetry at ${clock.now()}`),
      beforeRetry: async (event: BeforeRetryEvent) => {
        order.push(`beforeRetry at ${clock.now()} after attempt ${event.attempt}`);
        await clock.sleep(50); // the token service takes 50 ms
        token = 'fresh';
      },
    }).run(({ attempt }) => {
      order.push(`attempt ${attempt} at ${clock.now()} with ${token}`);
      if (token === 'expired') return Promise.reject(retryable(new Boom('401')));
      return token;
    });
    await clock.runAll();
    await expect(run).resolves.toBe('fresh');
    expect(order).toEqual([
      'attempt 1 at 0 with expired',
      'onRetry at 0',
      'beforeRetry at 100 after attempt 1',
      'attempt 2 at 150 with fresh',
    ]);
  });

  it('is told the retry event, attempts left included, and a signal', async () => {
    const clock = new FakeClock();
    const events: BeforeRetryEvent[] = [];
    const run = new Retryer({
      clock,
      maxAttempts: 3,
      beforeRetry: (e) => void events.push(e),
    })
      .run(() => Promise.reject(retryable(new Boom())), { name: 'upload' })
      .catch(() => undefined);
    await clock.runAll();
    await run;
    expect(
      events.map(({ attempt, attemptsLeft, name }) => ({ attempt, attemptsLeft, name })),
    ).toEqual([
      { attempt: 1, attemptsLeft: 2, name: 'upload' },
      { attempt: 2, attemptsLeft: 1, name: 'upload' },
    ]);
    expect(events[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(events[0]?.error).toBeInstanceOf(Boom);
  });

  it('counts its time in elapsed time', async () => {
    const clock = new FakeClock();
    const elapsed: number[] = [];
    const run = new Retryer({
      clock,
      initialDelayMs: 100,
      jitter: 'none',
      beforeRetry: () => clock.sleep(1_000),
    }).run(({ elapsedMs, attempt }) => {
      elapsed.push(elapsedMs);
      return attempt < 2 ? Promise.reject(retryable(new Boom())) : 'ok';
    });
    await clock.runAll();
    await run;
    expect(elapsed).toEqual([0, 1_100]);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('token service down');
      },
    ],
    ['rejects', () => Promise.reject(new Error('token service down'))],
  ])(
    'when it %s, the run stops with its error (reason non-retryable), as p-retry does',
    async (_, hook) => {
      const clock = new FakeClock();
      let calls = 0;
      const run = new Retryer({ clock, beforeRetry: hook })
        .run(() => {
          calls++;
          return Promise.reject(retryable(new Boom()));
        })
        .catch((e: unknown) => e);
      await clock.runAll();
      const error = await run;
      expect((error as Error).message).toBe('token service down');
      expect(calls).toBe(1);
      expect(retryInfo(error)).toMatchObject({ attempts: 1, reason: 'non-retryable' });
    },
  );

  it('an abort while it hangs settles the run at once with the reason, and aborts its signal', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    let hookSignal: AbortSignal | undefined;
    const unhandled = await unhandledDuring(async () => {
      const run = new Retryer({
        clock,
        beforeRetry: ({ signal }) => {
          hookSignal = signal;
          return new Promise(() => {});
        },
      })
        .run(() => Promise.reject(retryable(new Boom())), { signal: controller.signal })
        .catch((e: unknown) => e);
      await clock.runAll();
      controller.abort('shutdown');
      expect(await run).toBe('shutdown');
    });
    expect(unhandled).toEqual([]);
    expect(hookSignal?.aborted).toBe(true);
  });

  it('totalTimeoutMs ends a run whose hook hangs, with its TotalTimeoutError', async () => {
    const clock = new FakeClock();
    const run = new Retryer({
      clock,
      totalTimeoutMs: 5_000,
      initialDelayMs: 100,
      beforeRetry: () => new Promise(() => {}),
    })
      .run(() => Promise.reject(retryable(new Boom())))
      .catch((e: unknown) => e);
    await clock.runAll();
    expect(await run).toBeInstanceOf(TotalTimeoutError);
    expect(clock.now()).toBe(5_000);
  });

  it('a hook that resolves after the run was aborted starts no attempt', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    let release: () => void = () => {};
    let calls = 0;
    const run = new Retryer({
      clock,
      beforeRetry: () => new Promise<void>((resolve) => (release = resolve)),
    })
      .run(
        () => {
          calls++;
          return Promise.reject(retryable(new Boom()));
        },
        { signal: controller.signal },
      )
      .catch((e: unknown) => e);
    await clock.runAll();
    controller.abort('stop');
    release();
    await run;
    await clock.runAll();
    expect(calls).toBe(1);
  });

  it('is not called by next(): the caller of next() does the waiting', () => {
    let called = false;
    const step = new Retryer({
      beforeRetry: () => {
        called = true;
      },
    }).next(retryable(new Boom()));
    expect(step.retry).toBe(true);
    expect(called).toBe(false);
  });

  it('must be a function', () => {
    expect(() => new Retryer({ beforeRetry: 'refresh' as never })).toThrow(
      /beforeRetry must be a function, got string/,
    );
  });
});
