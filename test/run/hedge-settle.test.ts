/**
 * A hedged run settles once: the losers' late settlements (success or rejection after the
 * winner) change nothing, call no hook, go unhandled nowhere and mutate no error; nothing is
 * left behind.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Retryer, type RetryOptions, retryable, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { steered } from '../support/hedging.js';
import { abortListeners, Boom, track, unhandledDuring } from '../support/helpers.js';
import { hostile } from '../support/hostile-values.js';

/** Every hook and log line, in order. */
function observed() {
  const calls: string[] = [];
  const record = (what: string) => () => {
    calls.push(what);
  };
  const options: RetryOptions = {
    onRetry: record('onRetry'),
    onGiveUp: record('onGiveUp'),
    onSuccess: record('onSuccess'),
    logger: {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    },
  };
  return { calls, options };
}

describe('Retryer.run — a hedged run settles once', () => {
  afterEach(() => vi.useRealTimers());

  it('ignores a loser that ignores its signal and resolves after the winner', async () => {
    const clock = new FakeClock();
    const { op, at } = steered(clock);
    const { calls, options } = observed();
    const retryer = new Retryer({ clock, hedgeDelayMs: 100, maxAttempts: 2, ...options });
    const run = retryer.run(op);
    await clock.advance(100);
    at(1).resolve('winner');
    await expect(run).resolves.toBe('winner');
    const seen = calls.length;
    at(0).resolve('loser'); // it ignored its aborted signal
    await clock.runAll();
    expect(calls.length).toBe(seen);
    expect(calls.filter((c) => c === 'onSuccess')).toHaveLength(1);
  });

  it('a loser rejecting after the winner goes unhandled nowhere, calls no hook and is not touched', async () => {
    const clock = new FakeClock();
    const { op, at } = steered(clock);
    const { calls, options } = observed();
    const retryer = new Retryer({ clock, hedgeDelayMs: 100, maxAttempts: 3, ...options });
    const late = Object.freeze(new Boom('late'));
    const plain = new Boom('plain');
    const keys = Reflect.ownKeys(plain);
    const unhandled = await unhandledDuring(async () => {
      const run = retryer.run(op);
      await clock.advance(200);
      at(2).resolve('winner');
      await expect(run).resolves.toBe('winner');
      const seen = calls.length;
      at(0).reject(retryable(late));
      at(1).reject(plain);
      await clock.runAll();
      expect(calls.length).toBe(seen);
    });
    expect(unhandled).toEqual([]);
    expect(retryInfo(late)).toBeUndefined();
    expect(Object.isFrozen(late)).toBe(true);
    expect(retryInfo(plain)).toBeUndefined();
    expect(Reflect.ownKeys(plain)).toEqual(keys);
  });

  it('a loser rejecting after a non-retryable end changes neither the error nor the history', async () => {
    const clock = new FakeClock();
    const { op, at } = steered(clock);
    const onGiveUp = vi.fn();
    const retryer = new Retryer({ clock, hedgeDelayMs: 10, maxAttempts: 2, onGiveUp });
    const run = track(retryer.run(op));
    await clock.advance(10);
    const fatal = new Boom('fatal'); // unknown errors fail by default
    at(0).reject(fatal);
    expect(await run.result).toEqual({ ok: false, error: fatal });
    at(1).reject(retryable(new Boom('late')));
    await clock.runAll();
    expect(onGiveUp).toHaveBeenCalledTimes(1);
    expect(retryInfo(fatal)).toMatchObject({ attempts: 2, errors: [fatal] });
  });

  it.each(hostile)('settles once when an attempt throws %s, sync or async', async (_, make) => {
    const clock = new FakeClock();
    let calls = 0;
    const retryer = new Retryer({
      clock,
      hedgeDelayMs: 10,
      maxAttempts: 4,
      unknownErrors: 'retry',
      onRetry: () => {},
      logger: { warn: () => {}, debug: () => {}, error: () => {} },
    });
    const unhandled = await unhandledDuring(async () => {
      const run = track(
        retryer.run(({ attempt }) => {
          calls++;
          if (attempt === 1) throw make();
          if (attempt === 2) return Promise.reject(make());
          if (attempt === 3) return new Promise(() => {}); // hangs, then loses
          return 'fourth';
        }),
      );
      await clock.runAll();
      const result = await run.result;
      expect(result.ok).toBe(true);
    });
    expect(unhandled).toEqual([]);
    expect(calls).toBe(4);
    expect(clock.pending).toBe(0);
  });

  it('a throwing or rejecting hook breaks no hedged run', async () => {
    const clock = new FakeClock();
    const throwing = () => {
      throw new Error('hook');
    };
    const rejecting = () => Promise.reject(new Error('hook'));
    const retryer = new Retryer({
      clock,
      hedgeDelayMs: 10,
      maxAttempts: 3,
      onRetry: throwing,
      onSuccess: rejecting,
      logger: { debug: throwing, warn: rejecting, info: throwing },
    });
    const unhandled = await unhandledDuring(async () => {
      const run = retryer.run(({ attempt }) => (attempt === 3 ? 'third' : new Promise(() => {})));
      await clock.runAll();
      await expect(run).resolves.toBe('third');
    });
    expect(unhandled).toEqual([]);
  });

  it('an onRetry that aborts the run stops it before the hedge starts', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const reason = new Error('stop');
    const { op, started } = steered(clock);
    const retryer = new Retryer({
      clock,
      hedgeDelayMs: 10,
      maxAttempts: 3,
      onRetry: () => controller.abort(reason),
    });
    const run = track(retryer.run(op, { signal: controller.signal }));
    await clock.runAll();
    expect(await run.result).toEqual({ ok: false, error: reason });
    expect(started).toHaveLength(1);
    expect(started[0]?.signal.reason).toBe(reason);
    expect(abortListeners(controller.signal)).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it.each<[string, (attempt: number) => unknown]>([
    ['succeeds', (attempt) => (attempt === 2 ? 'ok' : new Promise(() => {}))],
    ['gives up', () => Promise.reject(retryable(new Boom()))],
    ['is aborted', () => new Promise(() => {})],
  ])('on the system clock, leaves no timer once a hedged run %s', async (kind, behave) => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const retryer = new Retryer({ hedgeDelayMs: 50, maxAttempts: 3, attemptTimeoutMs: 1_000 });
    const run = track(retryer.run(({ attempt }) => behave(attempt), { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(kind === 'is aborted' ? 120 : 0);
    if (kind === 'is aborted') controller.abort(new Error('abort'));
    await vi.advanceTimersByTimeAsync(kind === 'succeeds' ? 50 : 0);
    await vi.runAllTimersAsync();
    expect(run.done).toBe(true);
    expect((await run.result).ok).toBe(kind === 'succeeds');
    expect(vi.getTimerCount()).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });
});
