/**
 * Observers that fail asynchronously: a logger method or a hook that returns a rejected promise
 * (an async sink that is down) must never surface as an unhandled rejection, nor change the run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lineLogger, Retryer, type RetryLogger, retryable } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { Boom, flaky, unhandledDuring } from '../support/helpers.js';

const run = promisify(execFile);

function rejectingLogger(): RetryLogger & { calls: string[] } {
  const calls: string[] = [];
  const level = (name: string) => async (): Promise<void> => {
    calls.push(name);
    throw new Error(`${name} sink down`);
  };
  return {
    calls,
    debug: level('debug'),
    info: level('info'),
    warn: level('warn'),
    error: level('error'),
  };
}

/** A logger whose methods return thenables that reject, or whose `then` throws when called. */
const hostileThenables: [string, () => unknown][] = [
  ['a rejected promise', () => Promise.reject(new Error('sink down'))],
  [
    'a thenable that rejects',
    // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the point
    () => ({ then: (_: unknown, reject: (e: unknown) => void) => reject(new Error('no')) }),
  ],
  [
    'a thenable whose then throws',
    () => ({
      // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the point
      then: () => {
        throw new Error('then threw');
      },
    }),
  ],
  ['a rejection with undefined', () => Promise.reject(undefined)],
];

describe('async loggers and hooks that reject', () => {
  it('a logger whose methods reject leaves no unhandled rejection, on success and on give-up', async () => {
    const logger = rejectingLogger();
    const clock = new FakeClock();
    const retryer = new Retryer({ maxAttempts: 3, initialDelayMs: 10, logger, clock });
    const unhandled = await unhandledDuring(async () => {
      const ok = retryer.run(flaky(1, 'ok').op);
      const failed = retryer.run(() => Promise.reject(retryable(new Boom()))).catch((e) => e);
      await clock.runAll();
      expect(await ok).toBe('ok');
      expect(await failed).toBeInstanceOf(Boom);
    });
    expect(unhandled).toEqual([]);
    expect(logger.calls).toEqual(expect.arrayContaining(['warn', 'info', 'error']));
  });

  it.each(hostileThenables)('a logger method returning %s breaks nothing', async (_, result) => {
    const clock = new FakeClock();
    const logger = { warn: result, info: result, error: result, debug: result };
    const retryer = new Retryer({ maxAttempts: 2, initialDelayMs: 10, logger, clock });
    const unhandled = await unhandledDuring(async () => {
      const done = retryer.run(() => Promise.reject(retryable(new Boom()))).catch((e) => e);
      await clock.runAll();
      expect(await done).toBeInstanceOf(Boom);
    });
    expect(unhandled).toEqual([]);
  });

  it.each(hostileThenables)('hooks returning %s break nothing', async (_, result) => {
    const clock = new FakeClock();
    const retryer = new Retryer({
      maxAttempts: 2,
      initialDelayMs: 10,
      clock,
      onRetry: result,
      onGiveUp: result,
      onSuccess: result,
    } as never);
    const unhandled = await unhandledDuring(async () => {
      const done = retryer.run(flaky(1, 'ok').op);
      await clock.runAll();
      expect(await done).toBe('ok');
    });
    expect(unhandled).toEqual([]);
  });

  it('lineLogger with an async write that rejects leaves no unhandled rejection', async () => {
    const written: string[] = [];
    const logger = lineLogger({
      write: async (line) => {
        written.push(line);
        throw new Error('disk full');
      },
    });
    const clock = new FakeClock();
    const retryer = new Retryer({ maxAttempts: 2, initialDelayMs: 10, logger, clock });
    const unhandled = await unhandledDuring(async () => {
      const done = retryer.run(() => Promise.reject(retryable(new Boom()))).catch((e) => e);
      await clock.runAll();
      expect(await done).toBeInstanceOf(Boom);
    });
    expect(unhandled).toEqual([]);
    expect(written).toHaveLength(2);
  });

  it('the reported reproduction exits 0: an async warn that throws, run through the system clock', async () => {
    const script = `
      import { Retryer, retryable, lineLogger } from './src/index.ts';
      const a = new Retryer({ maxAttempts: 2, initialDelayMs: 5, logger: { async warn() { throw new Error('sink down'); } } })
        .run(() => { throw retryable(new Error('busy')); }).catch(() => {});
      const b = new Retryer({ maxAttempts: 2, initialDelayMs: 5, logger: lineLogger({ write: async () => { throw new Error('down'); } }) })
        .run(() => { throw retryable(new Error('busy')); }).catch(() => {});
      await Promise.all([a, b]);
      console.log('settled');
    `;
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ]);
    expect(stdout.trim()).toBe('settled');
  });
});
