import { describe, expect, it } from 'vitest';
import { nonRetryable, RetryBudget, Retryer, retryStats } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';

const RETRY = () => ({ retryable: true, reason: 'transient' });

/** An operation that fails `failures` times, then returns 'ok'. */
function flaky(failures: number): () => Promise<string> {
  let calls = 0;
  return async () => {
    calls++;
    if (calls <= failures) throw new Error('connection timeout');
    return 'ok';
  };
}

describe(retryStats.name, () => {
  it("computes the guide's four metrics from the hooks", async () => {
    const clock = new FakeClock();
    const stats = retryStats();
    const retryer = new Retryer({ ...stats.hooks, clock, classifiers: [RETRY], maxAttempts: 3 });
    const runs = [
      retryer.run(flaky(0), { name: 'first try' }), // success, no retry
      retryer.run(flaky(1), { name: 'S3 upload' }), // success after 1 retry
      retryer.run(flaky(2), { name: 'S3 upload' }), // success after 2 retries
      retryer.run(flaky(5), { name: 'S3 upload' }), // 2 retries, then exhausted
    ].map((p) => p.catch(() => 'failed'));
    await clock.runAll();
    await Promise.all(runs);
    expect(stats.snapshot()).toEqual({
      operations: 4,
      succeeded: 3,
      succeededAfterRetry: 2,
      failed: 1,
      gaveUpWithResult: 0,
      exhausted: 1,
      giveUps: {
        'non-retryable': 0,
        attempts: 1,
        deadline: 0,
        'hint-too-long': 0,
        budget: 0,
        aborted: 0,
        'throttled-locally': 0,
      },
      retries: 5,
      operationsWithRetries: 3,
      retriesByName: { 'S3 upload': 5 },
      retryRate: 5 / 4,
      successAfterRetry: 2 / 5,
      exhaustedRate: 1 / 4,
      averageRetries: 5 / 3,
    });
  });

  it('counts budget and deadline give-ups as exhausted, non-retryable ones as failed only', async () => {
    const clock = new FakeClock();
    const stats = retryStats();
    const budget = new RetryBudget({ maxTokens: 2, tokenRatio: 1 });
    const withBudget = new Retryer({ ...stats.hooks, clock, classifiers: [RETRY], budget });
    const plain = new Retryer({
      ...stats.hooks,
      clock,
      classifiers: [RETRY],
      maxElapsedMs: 1,
      random: () => 0.5,
    });
    const runs = [
      withBudget.run(flaky(9)),
      plain.run(() => Promise.reject(nonRetryable(new Error('400')))),
      plain.run(flaky(9)),
    ].map((p) => p.catch(() => 'failed'));
    await clock.runAll();
    await Promise.all(runs);
    const snapshot = stats.snapshot();
    expect(snapshot.giveUps).toMatchObject({ budget: 1, 'non-retryable': 1 });
    expect(snapshot.failed).toBe(3);
    expect(snapshot.exhausted).toBe(2);
    expect(snapshot.retries).toBe(0);
    expect(snapshot.averageRetries).toBe(0);
  });

  it('reports zero rates before any operation, and after reset', async () => {
    const stats = retryStats();
    const zero = stats.snapshot();
    expect(zero).toMatchObject({ operations: 0, retryRate: 0, successAfterRetry: 0 });
    stats.onRetry({
      attempt: 1,
      attemptsLeft: 2,
      error: new Error('x'),
      delayMs: 1,
      verdict: RETRY(),
      elapsedMs: 0,
      name: undefined,
    });
    stats.onSuccess({ attempts: 2, elapsedMs: 1, name: undefined });
    expect(stats.snapshot()).toMatchObject({ retries: 1, retriesByName: { '': 1 } });
    stats.reset();
    expect(stats.snapshot()).toEqual(zero);
  });

  it('ignores give-up reasons it does not know, even ones named like Object methods', () => {
    const stats = retryStats();
    for (const reason of ['toString', 'constructor', 'weird']) {
      stats.onGiveUp({
        attempts: 2,
        errors: [],
        error: 1,
        reason: reason as never,
        elapsedMs: 0,
        name: 'x',
      });
    }
    const snapshot = stats.snapshot();
    expect(snapshot.failed).toBe(0);
    expect(snapshot.operationsWithRetries).toBe(0);
    expect(Object.keys(snapshot.giveUps)).toEqual([
      'non-retryable',
      'attempts',
      'deadline',
      'hint-too-long',
      'budget',
      'aborted',
      'throttled-locally',
    ]);
  });

  it('gives frozen snapshots that later events do not change', () => {
    const stats = retryStats();
    const before = stats.snapshot();
    stats.onSuccess({ attempts: 1, elapsedMs: 0, name: 'x' });
    expect(before.succeeded).toBe(0);
    expect(Object.isFrozen(before)).toBe(true);
    expect(stats.snapshot().succeeded).toBe(1);
  });
});
