import { describe, expect, it } from 'vitest';
import {
  type GiveUpEvent,
  type LogFields,
  lineLogger,
  type RetryEvent,
  Retryer,
  type SuccessEvent,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';

const RETRY = () => ({ retryable: true, reason: 'network' });
const SAS_URL = 'https://acct.blob.core.windows.net/c/b?sv=2024&sig=SECRETSIG123&se=2030';

function failing(times: number, message = 'connection timeout'): () => Promise<string> {
  let calls = 0;
  return async () => {
    calls++;
    if (calls <= times) throw new Error(message);
    return 'ok';
  };
}

function recordingLogger() {
  const lines: { level: string; message: string; fields: LogFields }[] = [];
  const at = (level: string) => (message: string, fields: LogFields) =>
    lines.push({ level, message, fields });
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('events', () => {
  it('carry the fields of design.md: onRetry, onSuccess', async () => {
    const clock = new FakeClock();
    const retries: RetryEvent[] = [];
    const successes: SuccessEvent[] = [];
    const retryer = new Retryer({
      clock,
      classifiers: [RETRY],
      random: () => 0.5,
      initialDelayMs: 1000,
      onRetry: (e) => retries.push(e),
      onSuccess: (e) => successes.push(e),
    });
    const run = retryer.run(failing(2), { name: 'S3 upload' });
    await clock.runAll();
    await run;
    expect(retries.map(({ error, ...rest }) => ({ ...rest, error: String(error) }))).toEqual([
      {
        attempt: 1,
        attemptsLeft: 2,
        error: 'Error: connection timeout',
        delayMs: 500,
        verdict: { retryable: true, reason: 'network' },
        elapsedMs: 0,
        name: 'S3 upload',
      },
      {
        attempt: 2,
        attemptsLeft: 1,
        error: 'Error: connection timeout',
        delayMs: 1000,
        verdict: { retryable: true, reason: 'network' },
        elapsedMs: 500,
        name: 'S3 upload',
      },
    ]);
    expect(successes).toEqual([{ attempts: 3, elapsedMs: 1500, name: 'S3 upload' }]);
  });

  it('carry the fields of design.md: onGiveUp', async () => {
    const clock = new FakeClock();
    const giveUps: GiveUpEvent[] = [];
    const retryer = new Retryer({
      clock,
      classifiers: [RETRY],
      random: () => 0,
      onGiveUp: (e) => giveUps.push(e),
      name: 'default name',
    });
    const settled = retryer.run(failing(9)).catch((e: unknown) => e);
    await clock.runAll();
    const error = await settled;
    expect(giveUps).toEqual([
      {
        attempts: 3,
        errors: [expect.any(Error), expect.any(Error), error],
        error,
        reason: 'attempts',
        elapsedMs: 0,
        name: 'default name',
      },
    ]);
  });

  it('survive hooks that throw or reject', async () => {
    const clock = new FakeClock();
    const retryer = new Retryer({
      clock,
      classifiers: [RETRY],
      onRetry: () => {
        throw new Error('hook');
      },
      onSuccess: () => Promise.reject(new Error('async hook')) as never,
    });
    const run = retryer.run(failing(1));
    await clock.runAll();
    await expect(run).resolves.toBe('ok');
  });
});

describe('logger', () => {
  it("writes the guide's three lines with structured fields", async () => {
    const clock = new FakeClock();
    const { lines, logger } = recordingLogger();
    const retryer = new Retryer({
      clock,
      logger,
      classifiers: [RETRY],
      random: () => 1 - Number.EPSILON,
      maxAttempts: 3,
    });
    const ok = retryer.run(failing(2), { name: 'S3 upload' });
    await clock.runAll();
    await ok;
    const failed = retryer.run(failing(9), { name: 'S3 upload' }).catch(() => 'failed');
    await clock.runAll();
    await failed;
    expect(lines.map((l) => `${l.level}: ${l.message}`)).toEqual([
      'warn: operation failed, retrying',
      'warn: operation failed, retrying',
      'info: operation succeeded after retry',
      'warn: operation failed, retrying',
      'warn: operation failed, retrying',
      'error: operation failed after 3 attempts',
    ]);
    expect(lines[0]?.fields).toEqual({
      operation: 'S3 upload',
      attempt: 1,
      max_attempts: 3,
      delay_ms: 1000,
      reason: 'network',
      throttled: undefined,
      error: 'Error: connection timeout',
    });
    expect(lines[2]?.fields).toEqual({
      operation: 'S3 upload',
      attempt: 3,
      total_attempts: 3,
      elapsed_ms: 3000,
    });
    expect(lines[5]?.fields).toMatchObject({ attempts: 3, reason: 'attempts' });
  });

  it('redacts credentials in the error field', async () => {
    const clock = new FakeClock();
    const { lines, logger } = recordingLogger();
    const retryer = new Retryer({ clock, logger, classifiers: [RETRY], maxAttempts: 2 });
    const settled = retryer.run(failing(9, `GET ${SAS_URL} failed`)).catch(() => 'failed');
    await clock.runAll();
    await settled;
    const text = JSON.stringify(lines);
    expect(text).not.toContain('SECRETSIG123');
    expect(text).toContain('sig=***');
  });

  it('never lets a throwing logger break a run', async () => {
    const clock = new FakeClock();
    const throwing = () => {
      throw new Error('logger down');
    };
    const retryer = new Retryer({
      clock,
      classifiers: [RETRY],
      logger: { warn: throwing, info: throwing, error: throwing },
    });
    const run = retryer.run(failing(1));
    await clock.runAll();
    await expect(run).resolves.toBe('ok');
  });
});

describe(lineLogger.name, () => {
  it("prints the guide's lines, greppable as the guide shows", async () => {
    const clock = new FakeClock({ now: Date.UTC(2026, 0, 21, 14, 30, 0) });
    const out: string[] = [];
    const retryer = new Retryer({
      clock,
      classifiers: [RETRY],
      random: () => 1 - Number.EPSILON,
      logger: lineLogger({ write: (line) => out.push(line), now: () => clock.now() }),
    });
    const run = retryer.run(failing(2), { name: 'S3 upload' });
    await clock.runAll();
    await run;
    expect(out).toEqual([
      '[2026-01-21T14:30:00.000Z] WARN: operation failed, retrying | operation=S3 upload, attempt=1, max_attempts=3, delay_ms=1000, reason=network, error=Error: connection timeout',
      '[2026-01-21T14:30:01.000Z] WARN: operation failed, retrying | operation=S3 upload, attempt=2, max_attempts=3, delay_ms=2000, reason=network, error=Error: connection timeout',
      '[2026-01-21T14:30:03.000Z] INFO: operation succeeded after retry | operation=S3 upload, attempt=3, total_attempts=3, elapsed_ms=3000',
    ]);
    expect(out.filter((l) => l.includes('retrying'))).toHaveLength(2);
  });

  it('leaves out the separator when there are no fields', () => {
    const out: string[] = [];
    lineLogger({ write: (l) => out.push(l), now: () => 0 }).debug?.('hello', {});
    expect(out).toEqual(['[1970-01-01T00:00:00.000Z] DEBUG: hello']);
  });

  it.each([
    [{ write: 'stdout' }, /write must be a function, got string/],
    [{ now: 5 }, /now must be a function, got number/],
    [null, /lineLogger options must be an object, got null/],
  ])('rejects %o with a TypeError naming the option', (options, message) => {
    expect(() => lineLogger(options as never)).toThrow(TypeError);
    expect(() => lineLogger(options as never)).toThrow(message);
  });
});
