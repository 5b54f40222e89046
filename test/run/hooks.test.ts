import { describe, expect, it } from 'vitest';
import {
  type GiveUpEvent,
  type LogFields,
  type RetryEvent,
  Retryer,
  type RetryOptions,
  retryable,
  type SuccessEvent,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { Boom, flaky, unhandledDuring } from '../support/helpers.js';

async function runToEnd(options: RetryOptions, op: () => Promise<unknown>) {
  const clock = new FakeClock();
  const run = new Retryer({ clock, jitter: 'none', initialDelayMs: 100, ...options }).run(op, {
    name: 'sync',
  });
  const result = run.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  await clock.runAll();
  return { result: await result, clock };
}

const throwing = () => {
  throw new Error('hook bug');
};
const rejecting = () => Promise.reject(new Error('async hook bug'));

describe('Retryer.run — hooks and logger', () => {
  it('onRetry gets the failed attempt, the inner error, delay, verdict, elapsed time and name, before the sleep', async () => {
    const events: RetryEvent[] = [];
    const pendingAtHook: number[] = [];
    const clock = new FakeClock();
    const inner = new Boom();
    const hooked = new Retryer({
      clock,
      jitter: 'none',
      initialDelayMs: 100,
      maxAttempts: 3,
      onRetry: (e) => {
        events.push(e);
        pendingAtHook.push(clock.pending);
      },
    }).run(() => Promise.reject(retryable(inner)), { name: 'sync' });
    hooked.catch(() => {});
    await clock.runAll();
    expect(events).toEqual([
      {
        attempt: 1,
        attemptsLeft: 2,
        error: inner,
        delayMs: 100,
        verdict: { retryable: true, reason: 'marked retryable' },
        elapsedMs: 0,
        name: 'sync',
      },
      {
        attempt: 2,
        attemptsLeft: 1,
        error: inner,
        delayMs: 200,
        verdict: { retryable: true, reason: 'marked retryable' },
        elapsedMs: 100,
        name: 'sync',
      },
    ]);
    expect(pendingAtHook).toEqual([0, 0]); // called before the sleep starts
  });

  it('onGiveUp and onSuccess report attempts, elapsed time, reason and name', async () => {
    const giveUps: GiveUpEvent[] = [];
    const successes: SuccessEvent[] = [];
    const hooks = {
      onGiveUp: (e: GiveUpEvent) => giveUps.push(e),
      onSuccess: (e: SuccessEvent) => successes.push(e),
    };
    const error = new Boom();
    await runToEnd({ ...hooks, maxAttempts: 2 }, () => Promise.reject(retryable(error)));
    await runToEnd(hooks, flaky(1, 'ok').op);
    expect(giveUps).toEqual([
      {
        attempts: 2,
        errors: [error, error],
        error,
        reason: 'attempts',
        elapsedMs: 100,
        name: 'sync',
      },
    ]);
    expect(successes).toEqual([{ attempts: 2, elapsedMs: 100, name: 'sync' }]);
  });

  it('onSuccess is called on a first-try success too', async () => {
    const successes: SuccessEvent[] = [];
    await runToEnd({ onSuccess: (e) => successes.push(e) }, async () => 1);
    expect(successes).toEqual([{ attempts: 1, elapsedMs: 0, name: 'sync' }]);
  });

  it.each([
    ['throw', throwing],
    ['return a rejected promise', rejecting],
  ])('hooks that %s break nothing and leave no unhandled rejection', async (_, hook) => {
    const hooks = { onRetry: hook, onGiveUp: hook, onSuccess: hook };
    const unhandled = await unhandledDuring(async () => {
      const ok = await runToEnd(hooks, flaky(2, 'value').op);
      expect(ok.result).toEqual({ ok: true, value: 'value' });
      expect(ok.clock.sleeps).toEqual([100, 200]);
      const error = new Boom();
      const failed = await runToEnd(hooks, () => Promise.reject(retryable(error)));
      expect(failed.result).toEqual({ ok: false, error });
    });
    expect(unhandled).toEqual([]);
  });

  it('writes warn, info and error lines with structured fields', async () => {
    const lines: [string, string, LogFields][] = [];
    const logger = {
      debug: (m: string, f: LogFields) => lines.push(['debug', m, f]),
      info: (m: string, f: LogFields) => lines.push(['info', m, f]),
      warn: (m: string, f: LogFields) => lines.push(['warn', m, f]),
      error: (m: string, f: LogFields) => lines.push(['error', m, f]),
    };
    await runToEnd({ logger }, flaky(1, 'ok').op);
    await runToEnd({ logger, maxAttempts: 2 }, () => Promise.reject(retryable(new Boom('down'))));
    expect(lines).toEqual([
      [
        'warn',
        'operation failed, retrying',
        expect.objectContaining({
          operation: 'sync',
          attempt: 1,
          max_attempts: 3,
          delay_ms: 100,
          reason: 'marked retryable',
          error: 'Boom: failure 1',
        }),
      ],
      [
        'info',
        'operation succeeded after retry',
        expect.objectContaining({ operation: 'sync', attempt: 2, elapsed_ms: 100 }),
      ],
      [
        'warn',
        'operation failed, retrying',
        expect.objectContaining({ attempt: 1, error: 'Boom: down' }),
      ],
      [
        'error',
        'operation failed after 2 attempts',
        expect.objectContaining({ attempts: 2, reason: 'attempts', error: 'Boom: down' }),
      ],
    ]);
  });

  it('redacts credentials in logged errors', async () => {
    const texts: unknown[] = [];
    const logger = {
      warn: (_: string, f: LogFields) => texts.push(f.error),
      error: (_: string, f: LogFields) => texts.push(f.error),
    };
    const url =
      'https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=deadbeef&sig=sas123';
    await runToEnd({ logger, maxAttempts: 2 }, () =>
      Promise.reject(retryable(new Error(`GET ${url} failed; Authorization: Bearer s3cr3t`))),
    );
    expect(texts).toHaveLength(2);
    for (const text of texts) {
      expect(text).not.toMatch(/AKIAEXAMPLE|deadbeef|sas123|s3cr3t/);
      expect(text).toContain('***');
    }
  });

  it.each<[string, unknown]>([
    ['throwing methods', { warn: throwing, info: throwing, error: throwing, debug: throwing }],
    ['methods that are not functions', { warn: 1, info: 'x', error: null }],
    ['no methods at all', {}],
    [
      'a Proxy whose every get throws',
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('get');
          },
        },
      ),
    ],
  ])('a logger with %s breaks nothing', async (_, logger) => {
    const ok = await runToEnd({ logger: logger as RetryOptions['logger'] }, flaky(1, 'ok').op);
    expect(ok.result).toEqual({ ok: true, value: 'ok' });
    const error = new Boom();
    const failed = await runToEnd({ logger: logger as RetryOptions['logger'] }, () =>
      Promise.reject(retryable(error)),
    );
    expect(failed.result).toEqual({ ok: false, error });
  });
});
