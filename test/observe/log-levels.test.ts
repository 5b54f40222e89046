import { describe, expect, it } from 'vitest';
import {
  nonRetryable,
  type RetryEvent,
  Retryer,
  type RetryLogger,
  type RetryOptions,
  retryable,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { Boom } from '../support/helpers.js';

type Line = { level: string; message: string; fields: Record<string, unknown> };

function recording(): { logger: RetryLogger; lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: string) =>
    (message: string, fields: object): void =>
      void lines.push({ level, message, fields: { ...fields } });
  return {
    lines,
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
  };
}

async function giveUpLine(options: RetryOptions, op: () => unknown, signal?: AbortSignal) {
  const clock = new FakeClock();
  const { logger, lines } = recording();
  const run = new Retryer({ clock, logger, ...options })
    .run(op, signal === undefined ? undefined : { signal })
    .catch(() => undefined);
  await clock.runAll();
  await run;
  return lines.at(-1);
}

describe('log levels of a give-up, chosen on purpose', () => {
  it('a permanent error on the first attempt: info, "after 1 attempt" (the caller handles it)', async () => {
    const line = await giveUpLine({}, () => Promise.reject(nonRetryable(new Boom('404'))));
    expect(line).toMatchObject({
      level: 'info',
      message: 'operation failed after 1 attempt',
      fields: { attempts: 1, reason: 'non-retryable' },
    });
  });

  it('a permanent error after retries: warn', async () => {
    let calls = 0;
    const line = await giveUpLine({}, () =>
      Promise.reject(++calls === 1 ? retryable(new Boom()) : nonRetryable(new Boom())),
    );
    expect(line).toMatchObject({ level: 'warn', message: 'operation failed after 2 attempts' });
  });

  it('retrying ran out (attempts): error', async () => {
    const line = await giveUpLine({ maxAttempts: 2 }, () => Promise.reject(retryable(new Boom())));
    expect(line).toMatchObject({ level: 'error', message: 'operation failed after 2 attempts' });
  });

  it('a hint longer than maxDelayMs: error, saying what the server asked for and the cap', async () => {
    const line = await giveUpLine({ maxDelayMs: 30_000 }, () =>
      Promise.reject(retryable(new Boom(), { delayMs: 60_000 })),
    );
    expect(line).toMatchObject({
      level: 'error',
      message: 'operation failed after 1 attempt',
      fields: { reason: 'hint-too-long', hint_ms: 60_000, max_delay_ms: 30_000 },
    });
  });

  it('an abort: info, "aborted after N attempts"', async () => {
    const controller = new AbortController();
    const clock = new FakeClock();
    const { logger, lines } = recording();
    const run = new Retryer({ clock, logger })
      .run(() => Promise.reject(retryable(new Boom())), { signal: controller.signal })
      .catch(() => undefined);
    await clock.advance(0);
    controller.abort();
    await run;
    expect(lines.at(-1)).toMatchObject({
      level: 'info',
      message: 'operation aborted after 1 attempt',
      fields: { reason: 'aborted' },
    });
  });
});

describe('log fields', () => {
  it('carry no key whose value is undefined: no operation without a name, no throttled unless true', async () => {
    const clock = new FakeClock();
    const { logger, lines } = recording();
    const run = new Retryer({ clock, logger, maxAttempts: 2 })
      .run(() => Promise.reject(retryable(new Boom())))
      .catch(() => undefined);
    await clock.runAll();
    await run;
    for (const { fields } of lines) {
      expect(Object.entries(fields).filter(([, value]) => value === undefined)).toEqual([]);
      expect(fields).not.toHaveProperty('operation');
      expect(fields).not.toHaveProperty('throttled');
    }
    expect(lines.length).toBe(2);
  });
});

describe('RetryEvent.attemptsLeft', () => {
  it('counts down to 1 before the last retry, and is Infinity without an attempt limit', async () => {
    const clock = new FakeClock();
    const left: number[] = [];
    const limited = new Retryer({
      clock,
      maxAttempts: 4,
      onRetry: (e: RetryEvent) => left.push(e.attemptsLeft),
    })
      .run(() => Promise.reject(retryable(new Boom())))
      .catch(() => undefined);
    await clock.runAll();
    await limited;
    expect(left).toEqual([3, 2, 1]);
    const unlimited: number[] = [];
    const step = new Retryer({
      maxAttempts: Number.POSITIVE_INFINITY,
      maxElapsedMs: 60_000,
      onRetry: (e) => unlimited.push(e.attemptsLeft),
    }).next(retryable(new Boom()));
    expect(step.retry).toBe(true);
    expect(unlimited).toEqual([Number.POSITIVE_INFINITY]);
  });
});
