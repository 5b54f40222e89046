import { describe, expect, it, onTestFinished } from 'vitest';
import { AttemptTimeoutError, Retryer, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { Boom, nextMacrotask, track, watchTimers } from '../support/helpers.js';

describe('Retryer.run — attemptTimeoutMs', () => {
  it('aborts ctx.signal and abandons an operation that ignores it; the timeout is retryable', async () => {
    const clock = new FakeClock();
    const signals: AbortSignal[] = [];
    const run = track(
      new Retryer({ clock, attemptTimeoutMs: 1000, jitter: 'none', initialDelayMs: 100 }).run(
        ({ signal }) => {
          signals.push(signal);
          return new Promise<never>(() => {}); // ignores its signal, never settles
        },
      ),
    );
    await clock.runAll();
    const result = await run.result;
    expect(signals).toHaveLength(3);
    expect(signals.every((s) => s.aborted && s.reason instanceof AttemptTimeoutError)).toBe(true);
    expect(result.ok).toBe(false);
    const error = !result.ok ? result.error : undefined;
    expect(error).toBeInstanceOf(AttemptTimeoutError);
    expect(error).toMatchObject({
      name: 'AttemptTimeoutError',
      timeoutMs: 1000,
      code: 'ETIMEDOUT',
    });
    expect(retryInfo(error)).toMatchObject({
      attempts: 3,
      reason: 'attempts',
      elapsedMs: 3000 + 100 + 200,
    });
  });

  it('gives each attempt its own signal, and a fresh full timeout', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const run = new Retryer({
      clock,
      attemptTimeoutMs: 50,
      initialDelayMs: 10,
      jitter: 'none',
    }).run(({ signal }) => {
      calls++;
      if (calls === 1) return new Promise(() => {});
      expect(signal.aborted).toBe(false);
      return 'second';
    });
    await clock.runAll();
    await expect(run).resolves.toBe('second');
    expect(clock.pending).toBe(0);
  });

  it('clears its timer when the attempt settles first', async () => {
    const timers = watchTimers();
    onTestFinished(() => timers.restore());
    const retryer = new Retryer({ attemptTimeoutMs: 60_000 });
    await expect(retryer.run(async () => 'fast')).resolves.toBe('fast');
    await expect(retryer.run(() => Promise.reject(new Boom()))).rejects.toThrow(Boom);
    expect(timers.live).toBe(0);
    expect(timers.grew).toBe(false);
  });

  it('with real timers, abandons a hung operation within a few ms', async () => {
    const run = track(
      new Retryer({ attemptTimeoutMs: 2, maxAttempts: 2, initialDelayMs: 0 }).run(
        () => new Promise(() => {}),
      ),
    );
    const result = await run.result;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBeInstanceOf(AttemptTimeoutError);
  });

  it('waits the full timeout even when it exceeds the 24.8-day limit of setTimeout', async () => {
    const controller = new AbortController();
    const retryer = new Retryer({ attemptTimeoutMs: 2 ** 31 + 10, maxAttempts: 1 });
    const run = track(retryer.run(() => new Promise(() => {}), { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await nextMacrotask();
    expect(run.done).toBe(false);
    controller.abort('done');
    expect(await run.result).toEqual({ ok: false, error: 'done' });
  });
});

describe('Retryer.run — attemptTimeoutMs and abort together', () => {
  it('an abort during an attempt aborts ctx.signal with the run’s reason and rejects with it', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    let ctxSignal: AbortSignal | undefined;
    const run = new Retryer({ clock, attemptTimeoutMs: 1000 }).run(
      ({ signal }) => {
        ctxSignal = signal;
        return new Promise(() => {});
      },
      { signal: controller.signal },
    );
    await nextMacrotask();
    const reason = new Error('cancelled');
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
    expect(ctxSignal?.reason).toBe(reason);
    expect(clock.pending).toBe(0);
    expect(retryInfo(reason)).toMatchObject({ reason: 'aborted', attempts: 1 });
  });
});
