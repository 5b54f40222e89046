import { describe, expect, it } from 'vitest';
import { RetryBudget, Retryer, type RetryOptions, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';

const RETRY = () => ({ retryable: true, reason: 'test' });

/** A refill budget already drained to zero tokens. */
function drained(clock: FakeClock, maxTokens = 2, minRetriesPerSecond = 1): RetryBudget {
  const budget = new RetryBudget({ maxTokens, tokenRatio: 1, minRetriesPerSecond, clock });
  for (let i = 0; i < maxTokens; i++) budget.recordFailure();
  return budget;
}

/** A retryer whose refill budget (2 tokens, 1 per second) is drained; options override. */
function waiting(options: RetryOptions = {}) {
  const clock = new FakeClock();
  const budget = drained(clock);
  const retryer = new Retryer({ clock, budget, classifiers: [RETRY], random: () => 0, ...options });
  return { clock, budget, retryer };
}

describe('waiting for a RetryBudget that refills with time', () => {
  it('waits for a token instead of giving up, then retries', async () => {
    const clock = new FakeClock();
    const budget = drained(clock);
    const retryer = new Retryer({ clock, budget, classifiers: [RETRY], random: () => 0 });
    let calls = 0;
    const run = retryer.run(async () => {
      calls++;
      if (calls < 3) throw new Error('down');
      return 'ok';
    });
    await clock.runAll();
    await expect(run).resolves.toBe('ok');
    expect(calls).toBe(3);
    // Full jitter with random 0 backs off 0 ms: every sleep is the budget's wait.
    expect(clock.sleeps).toEqual([1001, 1000]);
    expect(clock.pending).toBe(0);
  });

  it('reports the wait in onRetry.delayMs', async () => {
    const clock = new FakeClock();
    const budget = drained(clock);
    const delays: number[] = [];
    const retryer = new Retryer({
      clock,
      budget,
      classifiers: [RETRY],
      random: () => 0.5,
      initialDelayMs: 100,
      onRetry: (e) => delays.push(e.delayMs),
    });
    const run = retryer.run(() => Promise.reject(new Error('down')));
    const settled = run.catch(() => undefined);
    await clock.runAll();
    await settled;
    // 1000 + 1 ms for the token plus 50 ms backoff; then tokens 0.051: 950 ms plus 100 ms.
    expect(delays).toEqual([1051, 1050]);
  });

  it('holds calls to the refill rate while everything fails, and never gives up early', async () => {
    const { clock, retryer } = waiting({
      maxAttempts: Number.POSITIVE_INFINITY,
      maxElapsedMs: 10_000,
      initialDelayMs: 50,
      random: () => 0.37,
    });
    let calls = 0;
    const runs = Array.from({ length: 20 }, () =>
      retryer
        .run(() => {
          calls++;
          throw new Error('down');
        })
        .catch((e: unknown) => retryInfo(e)?.reason),
    );
    await clock.runAll();
    const reasons = await Promise.all(runs);
    // 20 first attempts + about one retry per second for 10 s.
    expect(calls).toBeGreaterThan(20);
    expect(calls).toBeLessThanOrEqual(20 + 11);
    expect(new Set(reasons)).toEqual(new Set(['budget']));
    expect(clock.now()).toBeLessThanOrEqual(10_000);
    expect(clock.pending).toBe(0);
  });

  it('lets one waiting run through per token while its retry is still in flight', async () => {
    // random 0: every run computes the same wait and wakes at the same instant.
    const { clock, retryer } = waiting({ maxAttempts: 2 });
    let inFlight = 0;
    let mostInFlight = 0;
    const runs = Array.from({ length: 5 }, () =>
      retryer
        .run(async ({ attempt }) => {
          if (attempt > 1) mostInFlight = Math.max(mostInFlight, ++inFlight);
          await clock.sleep(300); // a slow call: its failure is recorded 300 ms later
          if (attempt > 1) inFlight--;
          throw new Error('down');
        })
        .catch(() => 'gave up'),
    );
    await clock.runAll();
    await Promise.all(runs);
    expect(mostInFlight).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('gives up with reason budget at once when the wait cannot end before maxElapsedMs', async () => {
    const clock = new FakeClock();
    const budget = drained(clock);
    const retryer = new Retryer({
      clock,
      budget,
      classifiers: [RETRY],
      maxElapsedMs: 500,
      random: () => 0, // the backoff alone (0 ms) would fit; the budget's wait (1001 ms) does not
    });
    const run = retryer.run(() => Promise.reject(new Error('down')));
    const settled = run.catch((e: unknown) => e);
    await clock.runAll();
    const error = await settled;
    expect(retryInfo(error)).toMatchObject({ attempts: 1, reason: 'budget' });
    expect(clock.sleeps).toEqual([]);
  });

  it('asks again after its sleep, and waits on when another run took the token', async () => {
    const clock = new FakeClock();
    const budget = drained(clock, 2, 1);
    const debug: unknown[] = [];
    const retryer = new Retryer({
      clock,
      budget,
      classifiers: [RETRY],
      random: () => 0,
      logger: { debug: (message, fields) => debug.push({ message, ...fields }) },
    });
    const calls: string[] = [];
    const op = (name: string) => () => {
      calls.push(`${name}@${clock.now()}`);
      throw new Error('down');
    };
    const runs = [retryer.run(op('a')), retryer.run(op('b'))].map((p) => p.catch(() => 'gave up'));
    await clock.runAll();
    expect(await Promise.all(runs)).toEqual(['gave up', 'gave up']);
    // Both slept 1001 ms; a took the token, b found none and slept on.
    expect(calls.slice(0, 3)).toEqual(['a@0', 'b@0', 'a@1001']);
    expect(calls).not.toContain('b@1001');
    expect(debug[0]).toEqual({
      message: 'waiting for retry budget',
      operation: undefined,
      attempt: 1,
      wait_ms: 1000,
    });
    expect(clock.sleeps.filter((ms) => ms === 1000).length).toBeGreaterThanOrEqual(2);
  });

  it('rejects with signal.reason when aborted during the wait, leaving no sleep behind', async () => {
    const clock = new FakeClock();
    const budget = drained(clock);
    const controller = new AbortController();
    const retryer = new Retryer({ clock, budget, classifiers: [RETRY], random: () => 0 });
    let calls = 0;
    const run = retryer.run(
      () => {
        calls++;
        throw new Error('down');
      },
      { signal: controller.signal },
    );
    const settled = run.catch((e: unknown) => e);
    await clock.advance(1001); // the first wait ends; the second attempt fails; waiting again
    expect(calls).toBe(2);
    expect(clock.pending).toBe(1);
    const reason = new Error('stop');
    controller.abort(reason);
    expect(await settled).toBe(reason);
    expect(clock.pending).toBe(0);
  });

  it('resolves with the last value when retryIf is set and the wait runs out of time', async () => {
    const clock = new FakeClock();
    const budget = drained(clock);
    const retryer = new Retryer({
      clock,
      budget,
      retryIf: (v) => v === 'busy',
      maxElapsedMs: 1500,
      random: () => 0,
      maxAttempts: 10,
    });
    let calls = 0;
    const run = retryer.run(() => {
      calls++;
      return 'busy';
    });
    await clock.runAll();
    await expect(run).resolves.toBe('busy');
    expect(calls).toBe(2);
  });

  it.each([
    ['rejects with the last error', 'error'],
    ['resolves with the last value (retryIf)', 'value'],
  ] as const)(
    'after a wait, when another run took the token and no time is left: %s',
    async (_, kind) => {
      const clock = new FakeClock();
      const budget = drained(clock);
      const giveUps: unknown[] = [];
      const logged: string[] = [];
      const options = {
        logger: {
          warn: (message: string) => logged.push(message),
          error: (message: string) => logged.push(message),
        },
        clock,
        budget,
        classifiers: [RETRY],
        random: () => 0,
        maxElapsedMs: 1500,
        retryIf: (v: unknown) => v === 'busy',
        onGiveUp: (e: { reason: string; attempts: number; elapsedMs: number }) =>
          giveUps.push({ reason: e.reason, attempts: e.attempts, elapsedMs: e.elapsedMs }),
      };
      const other = new Retryer(options).run(() => Promise.reject(new Error('a')));
      await clock.advance(0); // the other run sleeps first, so it wakes first and takes the token
      const error = new Error('b');
      const mine = new Retryer(options).run(() =>
        kind === 'error' ? Promise.reject(error) : 'busy',
      );
      const settled = Promise.allSettled([other, mine]);
      await clock.runAll();
      const [, result] = await settled;
      if (kind === 'error') {
        expect(result).toEqual({ status: 'rejected', reason: error });
        expect(retryInfo(error)).toMatchObject({ attempts: 1, reason: 'budget', elapsedMs: 1001 });
      } else {
        expect(result).toEqual({ status: 'fulfilled', value: 'busy' });
      }
      expect(giveUps).toContainEqual({ reason: 'budget', attempts: 1, elapsedMs: 1001 });
      expect(logged).toContain(
        kind === 'error'
          ? 'operation failed after 1 attempt'
          : 'operation gave up after 1 attempt, resolving with the last result',
      );
      expect(clock.pending).toBe(0);
    },
  );

  it('gives up with reason budget when the budget stops offering a wait while the run waits', async () => {
    const clock = new FakeClock();
    const waits = [10, Number.POSITIVE_INFINITY];
    const budget = {
      canRetry: () => false,
      recordFailure: () => {},
      recordSuccess: () => {},
      retryDelayMs: () => waits.shift() ?? Number.POSITIVE_INFINITY,
    } as unknown as RetryBudget;
    const retryer = new Retryer({ clock, budget, classifiers: [RETRY], random: () => 0 });
    const settled = retryer.run(() => Promise.reject(new Error('down'))).catch((e: unknown) => e);
    await clock.runAll();
    expect(retryInfo(await settled)).toMatchObject({
      attempts: 1,
      reason: 'budget',
      elapsedMs: 10,
    });
    expect(clock.sleeps).toEqual([10]);
  });

  it.each([
    ['has no retryDelayMs', {}],
    [
      'throws from retryDelayMs',
      {
        retryDelayMs: () => {
          throw new Error('x');
        },
      },
    ],
    ['returns NaN from retryDelayMs', { retryDelayMs: () => Number.NaN }],
    ['returns a negative wait', { retryDelayMs: () => -5 }],
  ])('gives up with reason budget when a hand-made budget %s', async (_, extra) => {
    const clock = new FakeClock();
    const budget = {
      canRetry: () => false,
      recordFailure: () => {},
      recordSuccess: () => {},
      ...extra,
    } as unknown as RetryBudget;
    const retryer = new Retryer({ clock, budget, classifiers: [RETRY] });
    const settled = retryer.run(() => Promise.reject(new Error('down'))).catch((e: unknown) => e);
    await clock.runAll();
    expect(retryInfo(await settled)?.reason).toBe('budget');
  });
});
