import { describe, expect, it } from 'vitest';
import { type Clock, Retryer, retryable, retryInfo } from '../../src/index.js';
import { policyOf } from '../../src/retryer.js';
import { executeRun } from '../../src/run/run.js';
import { FakeClock } from '../../src/testing/index.js';
import { alwaysFailing, Boom } from '../support/helpers.js';

describe('executeRun (internal, for adapters)', () => {
  it('policyOf gives the validated policy of a Retryer, and refuses anything else', () => {
    const policy = policyOf(new Retryer({ maxAttempts: 7 }));
    expect(policy).toMatchObject({ maxAttempts: 7, initialDelayMs: 1000, jitter: 'full' });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(() => policyOf({} as Retryer)).toThrow(TypeError);
    expect(() => policyOf(null as unknown as Retryer)).toThrow(TypeError);
  });

  it('a deadlineAt on the clock bounds the run like maxElapsedMs: no sleep ends past it', async () => {
    const clock = new FakeClock({ now: 10_000 });
    const policy = policyOf(
      new Retryer({ clock, jitter: 'none', initialDelayMs: 100, maxAttempts: 10 }),
    );
    const { op, errors } = alwaysFailing();
    const run = executeRun(policy, op, { deadlineAt: 10_350, name: 'rpc' }).catch(
      (e: unknown) => e,
    );
    await clock.runAll();
    const error = await run;
    expect(clock.sleeps).toEqual([100, 200]);
    expect(error).toBe(errors.at(-1));
    expect(retryInfo(error)).toMatchObject({ attempts: 3, reason: 'deadline' });
  });
});

describe('Retryer.run — a broken clock', () => {
  it('rejects with the error of a sleep that fails without an abort, rather than retry silently', async () => {
    const clockError = new Error('clock broke');
    const broken: Clock = { now: () => 0, sleep: () => Promise.reject(clockError) };
    let calls = 0;
    const run = new Retryer({ clock: broken }).run(() => {
      calls++;
      throw retryable(new Boom());
    });
    await expect(run).rejects.toBe(clockError);
    expect(calls).toBe(1);
  });
});
