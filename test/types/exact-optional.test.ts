/**
 * Users with `exactOptionalPropertyTypes` can spread options whose values may be `undefined`:
 * test/types/exact-optional/ compiles with that flag on.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  grpcClassifier,
  httpClassifier,
  lineLogger,
  RetryBudget,
  Retryer,
  retryable,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

describe('exactOptionalPropertyTypes', () => {
  it('accepts options spread from values that may be undefined', async () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const project = join(import.meta.dirname, 'exact-optional', 'tsconfig.json');
    const result = await run(process.execPath, [tsc, '--noEmit', '-p', project]).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
    );
    expect(result.stdout).toBe('');
  }, 60_000);

  it('and the runtime takes every undefined option as not given', async () => {
    const names = [
      ...['maxAttempts', 'initialDelayMs', 'maxDelayMs', 'multiplier', 'jitter', 'maxElapsedMs'],
      ...['attemptTimeoutMs', 'classifiers', 'unknownErrors', 'retryIf', 'budget', 'signal'],
      ...['clock', 'random', 'onRetry', 'onGiveUp', 'onSuccess', 'logger', 'name'],
    ];
    const retryer = new Retryer(Object.fromEntries(names.map((name) => [name, undefined])));
    expect(await retryer.run(() => 1, { signal: undefined, name: undefined })).toBe(1);
    expect(backoffDelay(2, { initialDelayMs: undefined, jitter: undefined })).toBeLessThan(2000);
    expect(() => {
      new RetryBudget({ maxTokens: 1, tokenRatio: 0.1, minRetriesPerSecond: undefined });
      lineLogger({ write: undefined, now: undefined });
      httpClassifier({ retryableStatuses: undefined });
      grpcClassifier({ retryableCodes: undefined });
      new FakeClock({ now: undefined });
      retryable(new Error('x'), { delayMs: undefined });
    }).not.toThrow();
  });
});
