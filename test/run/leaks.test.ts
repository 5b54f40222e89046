import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Retryer, type RetryOptions, retryable } from '../../src/index.js';
import {
  abortListeners,
  Boom,
  flaky,
  nextMacrotask,
  unhandledDuring,
  watchTimers,
} from '../support/helpers.js';

const quick: RetryOptions = { initialDelayMs: 1, jitter: 'none', maxAttempts: 3 };

const scenarios: [string, RetryOptions, () => Promise<unknown>][] = [
  ['a first-try success', quick, async () => 'ok'],
  ['a success after retries', quick, flaky(2, 'ok').op],
  ['a give-up after retries', quick, () => Promise.reject(retryable(new Boom()))],
  ['a non-retryable failure', quick, () => Promise.reject(new Boom())],
  ['a success within attemptTimeoutMs', { ...quick, attemptTimeoutMs: 60_000 }, async () => 'ok'],
  [
    'a give-up within attemptTimeoutMs',
    { ...quick, attemptTimeoutMs: 60_000 },
    () => Promise.reject(retryable(new Boom())),
  ],
  [
    'a give-up after attempt timeouts',
    { ...quick, attemptTimeoutMs: 2 },
    () => new Promise(() => {}),
  ],
];

describe('Retryer.run — nothing left behind', () => {
  it.each(scenarios)(
    'after %s: no timer, no abort listener, no unhandled rejection',
    async (_, options, op) => {
      const timers = watchTimers();
      onTestFinished(() => timers.restore());
      const controller = new AbortController();
      const unhandled = await unhandledDuring(() =>
        new Retryer(options).run(op, { signal: controller.signal }).catch(() => {}),
      );
      expect(unhandled).toEqual([]);
      expect(timers.live).toBe(0);
      expect(timers.grew).toBe(false);
      expect(abortListeners(controller.signal)).toBe(0);
    },
  );

  it('after an abort during a sleep or an attempt: no timer, no listener, no unhandled rejection', async () => {
    const timers = watchTimers();
    onTestFinished(() => timers.restore());
    const unhandled = await unhandledDuring(async () => {
      for (const op of [() => Promise.reject(retryable(new Boom())), () => new Promise(() => {})]) {
        const controller = new AbortController();
        const run = new Retryer({ initialDelayMs: 60_000, attemptTimeoutMs: 60_000 }).run(op, {
          signal: controller.signal,
        });
        await nextMacrotask();
        controller.abort(new Error('stop'));
        await expect(run).rejects.toThrow('stop');
        expect(abortListeners(controller.signal)).toBe(0);
      }
    });
    expect(unhandled).toEqual([]);
    expect(timers.live).toBe(0);
    expect(timers.grew).toBe(false);
  });

  it('a process whose runs were aborted mid-sleep exits by itself', async () => {
    const script = `
      import { Retryer, retryable } from './src/index.ts';
      const controller = new AbortController();
      const retryer = new Retryer({ initialDelayMs: 600_000, jitter: 'none' });
      const runs = Array.from({ length: 100 }, () =>
        retryer.run(() => Promise.reject(retryable(new Error('down'))), { signal: controller.signal }).catch((e) => e),
      );
      setTimeout(() => controller.abort(new Error('bye')), 20);
      const settled = await Promise.all(runs);
      console.log('settled', settled.filter((e) => e.message === 'bye').length);
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 15_000, cwd: join(import.meta.dirname, '..', '..') },
    );
    expect(stdout.trim()).toBe('settled 100');
  });
});
