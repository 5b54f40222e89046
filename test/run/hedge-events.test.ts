/** What hooks, log lines, retryStats and retryInfo tell about a hedged run. */
import { describe, expect, it } from 'vitest';
import {
  type LogFields,
  type RetryEvent,
  Retryer,
  type RetryOptions,
  retryable,
  retryInfo,
  retryStats,
  type SuccessEvent,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { steered } from '../support/hedging.js';
import { Boom, track } from '../support/helpers.js';

type Line = [level: string, message: string, fields: LogFields];

function hedging(options: RetryOptions = {}) {
  const clock = new FakeClock();
  const steer = steered(clock);
  const retries: RetryEvent[] = [];
  const successes: SuccessEvent[] = [];
  const lines: Line[] = [];
  const at =
    (level: string) =>
    (message: string, fields: LogFields): void => {
      lines.push([level, message, fields]);
    };
  const retryer = new Retryer({
    clock,
    hedgeDelayMs: 100,
    maxAttempts: 3,
    name: 'read',
    onRetry: (e) => retries.push(e),
    onSuccess: (e) => successes.push(e),
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    ...options,
  });
  return { clock, retryer, retries, successes, lines, ...steer };
}

describe('Retryer.run — events of a hedged run', () => {
  it('tells onRetry of each further attempt, marked hedge; a hedge on time has no error and verdict hedge', async () => {
    const { clock, retryer, op, at, retries } = hedging();
    const run = retryer.run(op);
    await clock.advance(100);
    const failure = new Boom('unavailable');
    at(1).reject(retryable(failure));
    await clock.advance(0);
    at(0).resolve('first');
    await expect(run).resolves.toBe('first');
    expect(retries).toEqual([
      {
        attempt: 1,
        attemptsLeft: 2,
        error: undefined,
        delayMs: 0,
        verdict: { retryable: true, reason: 'hedge' },
        elapsedMs: 100,
        name: 'read',
        hedge: true,
      },
      {
        attempt: 2,
        attemptsLeft: 1,
        error: failure,
        delayMs: 0,
        verdict: expect.objectContaining({ retryable: true }),
        elapsedMs: 100,
        name: 'read',
        hedge: true,
      },
    ]);
  });

  it('counts every attempt started in onSuccess, the aborted ones included', async () => {
    const { clock, retryer, op, at, successes } = hedging();
    const run = retryer.run(op);
    await clock.advance(200);
    at(0).resolve('first, late');
    await expect(run).resolves.toBe('first, late');
    expect(successes).toEqual([{ attempts: 3, elapsedMs: 200, name: 'read' }]);
  });

  it('logs a hedge on time at debug and a retried failure at warn, saying hedging', async () => {
    const { clock, retryer, op, at, lines } = hedging();
    const run = retryer.run(op);
    await clock.advance(100);
    at(0).reject(retryable(new Boom('unavailable')));
    await clock.advance(0);
    at(2).resolve('third');
    await expect(run).resolves.toBe('third');
    expect(lines.map(([level, message]) => [level, message])).toEqual([
      ['debug', 'no result yet, hedging'],
      ['warn', 'operation failed, hedging'],
      ['info', 'operation succeeded after retry'],
    ]);
    expect(lines[0]?.[2]).toMatchObject({ operation: 'read', attempt: 1, hedge: true });
    expect(lines[2]?.[2]).toMatchObject({ total_attempts: 3 });
  });

  it('gives retryStats one retry per extra attempt, so its rates count the extra load', async () => {
    const stats = retryStats();
    const { clock, retryer, op, at } = hedging({ ...stats.hooks });
    const run = retryer.run(op);
    await clock.advance(200);
    at(1).resolve('second');
    await expect(run).resolves.toBe('second');
    expect(stats.snapshot()).toMatchObject({
      operations: 1,
      succeeded: 1,
      succeededAfterRetry: 1,
      retries: 2,
      retryRate: 2,
      retriesByName: { read: 2 },
    });
  });

  it('records every started attempt in retryInfo and onGiveUp, errors in the order they came', async () => {
    const { clock, retryer, op, at } = hedging({ onGiveUp: undefined });
    const run = track(retryer.run(op));
    await clock.advance(200);
    const [a, b, c] = [new Boom('a'), new Boom('b'), new Boom('c')];
    at(1).reject(retryable(b));
    at(0).reject(retryable(a));
    at(2).reject(retryable(c));
    expect(await run.result).toEqual({ ok: false, error: c });
    expect(retryInfo(c)).toEqual({
      attempts: 3,
      errors: [b, a, c],
      elapsedMs: 200,
      reason: 'attempts',
    });
  });
});
