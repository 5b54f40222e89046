import { describe, expect, it } from 'vitest';
import {
  type GiveUpEvent,
  nonRetryable,
  type RetryBudget,
  Retryer,
  type RetryOptions,
  retryable,
  retryInfo,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { type StartedAttempt, steered } from '../support/hedging.js';
import { abortListeners, Boom, track } from '../support/helpers.js';

/** A hedging retryer on a new FakeClock, and an operation the test steers. */
function hedging(options: RetryOptions = {}) {
  const clock = new FakeClock();
  const steer = steered(clock);
  const retryer = new Retryer({ clock, hedgeDelayMs: 100, maxAttempts: 3, ...options });
  return { clock, retryer, ...steer };
}

const times = (started: readonly StartedAttempt[]) => started.map((a) => a.atMs);

describe('Retryer.run — hedging (hedgeDelayMs)', () => {
  it('starts attempt 1 at once and another every hedgeDelayMs while none has answered, up to maxAttempts', async () => {
    const { clock, retryer, op, started } = hedging();
    const run = track(retryer.run(op));
    await clock.advance(0);
    expect(times(started)).toEqual([0]);
    await clock.advance(99);
    expect(times(started)).toEqual([0]);
    await clock.advance(1);
    expect(times(started)).toEqual([0, 100]);
    await clock.advance(1_000);
    expect(times(started)).toEqual([0, 100, 200]);
    expect(started.map((a) => [a.attempt, a.elapsedMs])).toEqual([
      [1, 0],
      [2, 100],
      [3, 200],
    ]);
    expect(clock.pending).toBe(0); // no hedge is armed past maxAttempts
    expect(run.done).toBe(false);
    started[0]?.resolve('late but first');
    expect(await run.result).toEqual({ ok: true, value: 'late but first' });
  });

  it('resolves with the first success and aborts every other attempt through its own signal', async () => {
    const { clock, retryer, op, at } = hedging();
    const run = track(retryer.run(op));
    await clock.advance(200);
    at(1).resolve('second');
    expect(await run.result).toEqual({ ok: true, value: 'second' });
    expect(at(1).signal.aborted).toBe(false);
    for (const loser of [at(0), at(2)]) {
      expect(loser.signal.aborted).toBe(true);
      expect(loser.signal.reason).toMatchObject({ name: 'AbortError' });
    }
    expect(new Set([at(0).signal, at(1).signal, at(2).signal]).size).toBe(3);
    expect(clock.pending).toBe(0);
  });

  it('stops hedging when the winner answers before the next hedge is due', async () => {
    const { clock, retryer, op, started, at } = hedging();
    const run = retryer.run(op);
    await clock.advance(50);
    at(0).resolve('fast');
    await expect(run).resolves.toBe('fast');
    expect(clock.pending).toBe(0);
    await clock.advance(1_000);
    expect(started).toHaveLength(1);
  });

  it('ends the run at once on a non-retryable failure and aborts the attempts in flight', async () => {
    const { clock, retryer, op, started, at } = hedging();
    const run = track(retryer.run(op));
    await clock.advance(150);
    const fatal = new Boom('fatal');
    at(1).reject(nonRetryable(fatal));
    expect(await run.result).toEqual({ ok: false, error: fatal });
    expect(at(0).signal.aborted).toBe(true);
    expect(clock.pending).toBe(0);
    expect(retryInfo(fatal)).toMatchObject({ attempts: 2, reason: 'non-retryable' });
    await clock.advance(1_000);
    expect(started).toHaveLength(2);
  });

  it('starts the next attempt at once after a retryable failure, and the next hedge hedgeDelayMs after it', async () => {
    const { clock, retryer, op, started, at } = hedging({ maxAttempts: 4 });
    const run = track(retryer.run(op));
    await clock.advance(30);
    at(0).reject(retryable(new Boom('first')));
    await clock.advance(0);
    expect(times(started)).toEqual([0, 30]);
    await clock.advance(100); // t = 130
    expect(times(started)).toEqual([0, 30, 130]);
    await clock.advance(100);
    expect(times(started)).toEqual([0, 30, 130, 230]);
    at(3).resolve('fourth');
    expect(await run.result).toEqual({ ok: true, value: 'fourth' });
  });

  it("delays the next attempt by a server's hint after a retryable failure", async () => {
    const { clock, retryer, op, started, at } = hedging();
    const run = track(retryer.run(op));
    await clock.advance(10);
    at(0).reject(retryable(new Boom('busy'), { delayMs: 250 }));
    await clock.advance(249); // the hint replaces the hedge due at 100
    expect(times(started)).toEqual([0]);
    await clock.advance(1);
    expect(times(started)).toEqual([0, 260]);
    at(1).resolve('after the hint');
    expect(await run.result).toEqual({ ok: true, value: 'after the hint' });
  });

  it('starts no further attempt after a hint longer than maxDelayMs, and gives up with hint-too-long when those in flight fail', async () => {
    const onGiveUp: GiveUpEvent[] = [];
    const { clock, retryer, op, started, at } = hedging({
      maxDelayMs: 1_000,
      onGiveUp: (e) => onGiveUp.push(e),
    });
    const run = track(retryer.run(op));
    await clock.advance(100);
    at(1).reject(retryable(new Boom('go away'), { delayMs: 60_000 }));
    await clock.advance(0);
    expect(clock.pending).toBe(0); // the hedge due at 200 is called off
    await clock.advance(5_000);
    expect(started).toHaveLength(2); // attempt 1 is still in flight; no hedge starts
    expect(run.done).toBe(false);
    const last = new Boom('last');
    at(0).reject(retryable(last));
    expect(await run.result).toEqual({ ok: false, error: last });
    expect(onGiveUp).toMatchObject([{ reason: 'hint-too-long', hintMs: 60_000, attempts: 2 }]);
  });

  it('a hint longer than maxDelayMs does not stop an attempt in flight from winning', async () => {
    const { clock, retryer, op, at } = hedging({ maxDelayMs: 1_000 });
    const run = track(retryer.run(op));
    await clock.advance(100);
    at(1).reject(retryable(new Boom('go away'), { delayMs: 60_000 }));
    await clock.advance(10);
    at(0).resolve('slow but fine');
    expect(await run.result).toEqual({ ok: true, value: 'slow but fine' });
  });

  it('gives up with the last error and reason attempts when all maxAttempts fail retryably', async () => {
    const { clock, retryer, op, started, at } = hedging();
    const run = track(retryer.run(op));
    await clock.advance(200);
    const errors = [new Boom('1'), new Boom('2'), new Boom('3')];
    at(2).reject(retryable(errors[2]));
    at(0).reject(retryable(errors[0]));
    await clock.advance(0);
    expect(run.done).toBe(false);
    at(1).reject(retryable(errors[1]));
    expect(await run.result).toEqual({ ok: false, error: errors[1] });
    expect(started).toHaveLength(3);
    expect(retryInfo(errors[1])).toMatchObject({
      attempts: 3,
      reason: 'attempts',
      errors: [errors[2], errors[0], errors[1]],
    });
  });

  it('with hedgeDelayMs 0, starts every attempt at once', async () => {
    const { clock, retryer, op, started, at } = hedging({ hedgeDelayMs: 0 });
    const run = retryer.run(op);
    expect(times(started)).toEqual([0, 0, 0]);
    at(2).resolve('any');
    await expect(run).resolves.toBe('any');
    expect(clock.pending).toBe(0);
  });

  it('starts no hedge the budget refuses, lets those in flight finish, and gives up with reason budget', async () => {
    let allow = true;
    const budget = {
      canRetry: () => allow,
      recordFailure: () => {},
      recordSuccess: () => {},
    } as unknown as RetryBudget;
    const { clock, retryer, op, started, at } = hedging({ budget });
    const run = track(retryer.run(op));
    await clock.advance(100);
    expect(started).toHaveLength(2);
    allow = false;
    await clock.advance(500);
    expect(started).toHaveLength(2);
    expect(clock.pending).toBe(0);
    at(0).reject(retryable(new Boom('a')));
    await clock.advance(0);
    expect(started).toHaveLength(2);
    const last = new Boom('b');
    at(1).reject(retryable(last));
    expect(await run.result).toEqual({ ok: false, error: last });
    expect(retryInfo(last)).toMatchObject({ reason: 'budget', attempts: 2 });
  });

  it('costs the budget a token per retryable failure and gives one back on success', async () => {
    const calls: string[] = [];
    const budget = {
      canRetry: () => true,
      recordFailure: () => calls.push('failure'),
      recordSuccess: () => calls.push('success'),
    } as unknown as RetryBudget;
    const { clock, retryer, op, at } = hedging({ budget });
    const run = retryer.run(op);
    await clock.advance(100);
    at(0).reject(retryable(new Boom()));
    await clock.advance(0);
    at(1).resolve('ok');
    await expect(run).resolves.toBe('ok');
    expect(calls).toEqual(['failure', 'success']);
  });

  it('starts no attempt that would start past maxElapsedMs, and gives up with reason deadline', async () => {
    const { clock, retryer, op, started, at } = hedging({ maxElapsedMs: 150 });
    const run = track(retryer.run(op));
    await clock.advance(1_000);
    expect(times(started)).toEqual([0, 100]);
    at(0).reject(retryable(new Boom('a')));
    const last = new Boom('b');
    at(1).reject(retryable(last));
    expect(await run.result).toEqual({ ok: false, error: last });
    expect(retryInfo(last)).toMatchObject({ reason: 'deadline', attempts: 2 });
  });

  it('rejects with the run signal reason mid-hedge, aborting every attempt with it', async () => {
    const { clock, retryer, op, started } = hedging();
    const controller = new AbortController();
    const run = track(retryer.run(op, { signal: controller.signal }));
    await clock.advance(150);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    expect(await run.result).toEqual({ ok: false, error: reason });
    expect(started.map((a) => a.signal.reason)).toEqual([reason, reason]);
    expect(clock.pending).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
    expect(retryInfo(reason)).toMatchObject({ reason: 'aborted', attempts: 2 });
  });

  it('leaves no listener on a long-lived retryer signal after a hedged run succeeds', async () => {
    const shutdown = new AbortController();
    const { clock, retryer, op, at } = hedging({ signal: shutdown.signal });
    const run = retryer.run(op);
    await clock.advance(200);
    expect(abortListeners(shutdown.signal)).toBe(1); // one per signal, however many attempts
    at(2).resolve('third');
    await expect(run).resolves.toBe('third');
    expect(abortListeners(shutdown.signal)).toBe(0);
    expect(at(0).signal.aborted && at(1).signal.aborted).toBe(true);
  });

  it('ends the run at totalTimeoutMs with a TotalTimeoutError that every attempt hears', async () => {
    const { clock, retryer, op, started } = hedging({ totalTimeoutMs: 250 });
    const run = track(retryer.run(op));
    await clock.advance(300);
    const result = await run.result;
    expect(result.ok).toBe(false);
    const error = result.ok ? undefined : result.error;
    expect(error).toMatchObject({ name: 'TotalTimeoutError' });
    expect(started.map((a) => a.signal.reason)).toEqual([error, error, error]);
    expect(clock.pending).toBe(0);
  });

  it('times out each attempt after attemptTimeoutMs, a retryable failure that starts the next at once', async () => {
    const { clock, retryer, op, started } = hedging({ attemptTimeoutMs: 40, hedgeDelayMs: 100 });
    const run = track(retryer.run(op)); // every attempt ignores its signal and hangs
    await clock.runAll();
    expect(times(started)).toEqual([0, 40, 80]);
    const result = await run.result;
    expect(result).toMatchObject({ ok: false, error: { name: 'AttemptTimeoutError' } });
    expect(started.every((a) => a.signal.aborted)).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('hedges on a value retryIf matches, and resolves with the last one when attempts run out', async () => {
    const { clock, retryer, op, started, at } = hedging({
      retryIf: (value) => value === 'pending',
    });
    const run = track(retryer.run(op));
    await clock.advance(10);
    at(0).resolve('pending');
    await clock.advance(0);
    expect(times(started)).toEqual([0, 10]);
    await clock.advance(100);
    at(1).resolve('pending');
    at(2).resolve('pending');
    expect(await run.result).toEqual({ ok: true, value: 'pending' });
  });

  it('a retryIf that throws ends the run with its error and aborts the others', async () => {
    const bug = new Boom('retryIf bug');
    const { clock, retryer, op, at } = hedging({
      retryIf: () => {
        throw bug;
      },
    });
    const run = track(retryer.run(op));
    await clock.advance(100);
    at(1).resolve('value');
    expect(await run.result).toEqual({ ok: false, error: bug });
    expect(at(0).signal.aborted).toBe(true);
  });

  it('starts no attempt when the run signal has already aborted, and reports 0 attempts', async () => {
    const onGiveUp: GiveUpEvent[] = [];
    const { clock, retryer, op, started } = hedging({ onGiveUp: (e) => onGiveUp.push(e) });
    const reason = new Error('already gone');
    const run = track(retryer.run(op, { signal: AbortSignal.abort(reason) }));
    expect(await run.result).toEqual({ ok: false, error: reason });
    expect(started).toHaveLength(0);
    expect(onGiveUp).toMatchObject([{ attempts: 0, reason: 'aborted' }]);
    expect(clock.pending).toBe(0);
  });

  it('a retryIf that answers no boolean ends the run with a TypeError, as in retries', async () => {
    const { clock, retryer, op, at } = hedging({ retryIf: (() => 'yes') as never });
    const run = track(retryer.run(op));
    await clock.advance(100);
    at(1).resolve('value');
    const result = await run.result;
    expect(result).toMatchObject({ ok: false, error: expect.any(TypeError) });
    expect(at(0).signal.aborted).toBe(true);
  });

  it('a hedged run through run options keeps the run name in every attempt context', async () => {
    const clock = new FakeClock();
    const names: (string | undefined)[] = [];
    const retryer = new Retryer({ clock, hedgeDelayMs: 10, maxAttempts: 2 });
    const run = retryer.run(
      ({ name, attempt }) => {
        names.push(name);
        return attempt === 2 ? 'ok' : new Promise(() => {});
      },
      { name: 'read' },
    );
    await clock.runAll();
    await expect(run).resolves.toBe('ok');
    expect(names).toEqual(['read', 'read']);
  });
});
