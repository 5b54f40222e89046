import { describe, expect, it } from 'vitest';
import {
  nonRetryable,
  RetryBudget,
  type RetryEvent,
  Retryer,
  type RetryOptions,
  type RetryState,
  type RetryStep,
  retryable,
  retryInfo,
} from '../src/index.js';
import { FakeClock } from '../src/testing/index.js';

const RETRY = () => ({ retryable: true, reason: 'transient' });

/** The same sequence of numbers on every call of the factory. */
function sequence(): () => number {
  const values = [0.1, 0.9, 0.5, 0.3, 0.7, 0.2];
  let i = 0;
  return () => values[i++ % values.length] as number;
}

function retryerAt(clock: FakeClock, options: RetryOptions = {}): Retryer {
  return new Retryer({ clock, classifiers: [RETRY], initialDelayMs: 100, ...options });
}

/** Calls next() as an external loop would, sleeping each delay on the clock. */
async function loop(retryer: Retryer, clock: FakeClock, failures: number): Promise<RetryStep[]> {
  const steps: RetryStep[] = [];
  let state: RetryState | undefined;
  for (let i = 0; i < failures; i++) {
    const step = retryer.next(new Error(`failure ${i + 1}`), state);
    steps.push(step);
    if (!step.retry) break;
    state = step.state;
    await clock.advance(step.delayMs);
  }
  return steps;
}

describe('Retryer.next', () => {
  it('counts the failed attempt and starts the elapsed clock at now without a state', () => {
    const clock = new FakeClock({ now: 5000 });
    const step = retryerAt(clock, { random: () => 0.5 }).next(new Error('x'));
    expect(step).toEqual({
      retry: true,
      delayMs: 50,
      retryAt: 5050,
      reason: 'transient',
      state: { attempt: 1, firstAttemptAt: 5000, lastDelayMs: 50, retryAt: 5050 },
    });
  });

  it('returns plain JSON state that survives a round trip', async () => {
    const clock = new FakeClock();
    const retryer = retryerAt(clock, { maxAttempts: 5, random: () => 0.5 });
    const first = retryer.next(new Error('x'));
    await clock.advance(first.retry ? first.delayMs : 0);
    const stored = JSON.parse(JSON.stringify(first.state)) as RetryState;
    const second = retryer.next(new Error('x'), stored);
    expect(second.state).toEqual({ attempt: 2, firstAttemptAt: 0, lastDelayMs: 100, retryAt: 150 });
  });

  it('follows the same schedule as run (same classification, backoff and random draws)', async () => {
    const options = { maxAttempts: 6, jitter: 'decorrelated' as const };
    const runClock = new FakeClock();
    const run = retryerAt(runClock, { ...options, random: sequence() })
      .run(() => Promise.reject(new Error('down')))
      .catch((e: unknown) => e);
    await runClock.runAll();
    const runError = await run;
    const nextClock = new FakeClock();
    const steps = await loop(
      retryerAt(nextClock, { ...options, random: sequence() }),
      nextClock,
      9,
    );
    expect(steps.flatMap((s) => (s.retry ? [s.delayMs] : []))).toEqual(runClock.sleeps);
    const last = steps.at(-1);
    expect(last).toMatchObject({ retry: false, reason: 'attempts', state: { attempt: 6 } });
    expect(retryInfo(runError)).toMatchObject({ attempts: 6, reason: 'attempts' });
  });

  it('accepts a state with attempt 0 recorded when the first attempt started', async () => {
    const clock = new FakeClock({ now: 1000 });
    const retryer = retryerAt(clock, { maxElapsedMs: 1000, random: () => 0.99 });
    const state: RetryState = { attempt: 0, firstAttemptAt: clock.now() };
    await clock.advance(950);
    // 950 ms elapsed + a 99 ms delay passes maxElapsedMs (1000).
    expect(retryer.next(new Error('x'), state)).toMatchObject({
      retry: false,
      reason: 'deadline',
      state: { attempt: 1, firstAttemptAt: 1000 },
    });
  });

  it.each([
    ['non-retryable', nonRetryable(new Error('bad request')), {}],
    ['attempts', new Error('x'), { maxAttempts: 1 }],
    ['hint-too-long', retryable(new Error('x'), { delayMs: 60_000 }), {}],
    [
      'deadline',
      retryable(new Error('x')),
      { maxElapsedMs: 1, initialDelayMs: 100, jitter: 'none' },
    ],
  ] as const)('stops with reason %s', (reason, error, options) => {
    const clock = new FakeClock();
    const step = retryerAt(clock, options).next(error);
    expect(step.retry).toBe(false);
    expect(step.reason).toBe(reason);
  });

  it('stops with reason aborted once the retryer signal aborted', () => {
    const controller = new AbortController();
    const retryer = retryerAt(new FakeClock(), { signal: controller.signal });
    controller.abort();
    expect(retryer.next(new Error('x'))).toMatchObject({ retry: false, reason: 'aborted' });
  });

  it('raises the delay to a hint', () => {
    const step = retryerAt(new FakeClock(), { random: () => 0 }).next(
      retryable(new Error('slow down'), { delayMs: 700 }),
    );
    expect(step).toMatchObject({ retry: true, delayMs: 700, retryAt: 700 });
  });

  it('shares the budget with run: a refusal stops with reason budget', () => {
    const budget = new RetryBudget({ maxTokens: 2, tokenRatio: 1 });
    const retryer = retryerAt(new FakeClock(), { budget });
    expect(retryer.next(new Error('x'))).toMatchObject({ retry: false, reason: 'budget' });
    expect(budget.tokens).toBe(1);
  });

  it('adds the wait of a budget that refills with time to the delay', () => {
    const clock = new FakeClock();
    const budget = new RetryBudget({ maxTokens: 2, tokenRatio: 1, minRetriesPerSecond: 1, clock });
    budget.recordFailure();
    const step = retryerAt(clock, { budget, random: () => 0 }).next(new Error('x'));
    expect(step).toMatchObject({ retry: true, delayMs: 1001, retryAt: 1001 });
  });

  it('reports to hooks and logger with the fields of run', () => {
    const events: unknown[] = [];
    const lines: string[] = [];
    const retryer = retryerAt(new FakeClock(), {
      maxAttempts: 2,
      name: 'reconcile',
      random: () => 0.5,
      onRetry: (e: RetryEvent) => events.push({ ...e, error: String(e.error) }),
      onGiveUp: (e) => events.push({ ...e, error: String(e.error), errors: e.errors.map(String) }),
      logger: { warn: (m) => lines.push(m), error: (m) => lines.push(m) },
    });
    const first = retryer.next(new Error('down'));
    retryer.next(new Error('down'), first.state);
    expect(events).toEqual([
      {
        attempt: 1,
        attemptsLeft: 1,
        error: 'Error: down',
        delayMs: 50,
        verdict: { retryable: true, reason: 'transient' },
        elapsedMs: 0,
        name: 'reconcile',
      },
      {
        attempts: 2,
        errors: ['Error: down'],
        error: 'Error: down',
        reason: 'attempts',
        elapsedMs: 0,
        name: 'reconcile',
      },
    ]);
    expect(lines).toEqual(['operation failed, retrying', 'operation failed after 2 attempts']);
  });

  it('records retryInfo for the error it stops on, unwrapping markers', () => {
    const inner = new Error('bad');
    const step = retryerAt(new FakeClock()).next(nonRetryable(inner));
    expect(step.retry).toBe(false);
    expect(retryInfo(inner)).toMatchObject({ attempts: 1, reason: 'non-retryable' });
  });

  it.each([
    [null, TypeError, /state must be a RetryState object, got null/],
    ['x', TypeError, /state must be a RetryState object, got string/],
    [{ attempt: -1, firstAttemptAt: 0 }, RangeError, /state.attempt must be an integer ≥ 0/],
    [{ attempt: 1.5, firstAttemptAt: 0 }, RangeError, /state.attempt/],
    [{ attempt: '1', firstAttemptAt: 0 }, TypeError, /state.attempt must be a number/],
    [{ attempt: 1 }, TypeError, /state.firstAttemptAt must be a number/],
    [{ attempt: 1, firstAttemptAt: Number.NaN }, RangeError, /state.firstAttemptAt/],
    [{ attempt: 1, firstAttemptAt: 0, lastDelayMs: -1 }, RangeError, /state.lastDelayMs/],
    [{ attempt: 1, firstAttemptAt: 0, retryAt: 'soon' }, TypeError, /state.retryAt/],
    [{ attempt: 1, firstAttemptAt: 0, retryAt: Number.NaN }, RangeError, /state.retryAt/],
  ])('rejects the state %o', (state, type, message) => {
    const retryer = retryerAt(new FakeClock());
    expect(() => retryer.next(new Error('x'), state as never)).toThrow(type);
    expect(() => retryer.next(new Error('x'), state as never)).toThrow(message);
  });
});
