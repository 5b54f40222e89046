/** A run's own options: `retryIf` and `onGiveUp` given to one `run()`, beside `signal` and `name`. */
import { describe, expect, it } from 'vitest';
import { type GiveUpEvent, Retryer, retry, retryable, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { alwaysFailing, Boom } from '../support/helpers.js';

interface Job {
  readonly state: 'pending' | 'done';
  readonly n: number;
}

function jobs(pendingFor: number): { op: () => Promise<Job>; calls: () => number } {
  let calls = 0;
  return {
    op: async () => {
      calls++;
      return { state: calls <= pendingFor ? 'pending' : 'done', n: calls };
    },
    calls: () => calls,
  };
}

describe('run options: retryIf', () => {
  it("retries a run's value its own retryIf matches, and resolves with the first it does not", async () => {
    const clock = new FakeClock();
    const retryer = new Retryer({ clock, maxAttempts: 5 });
    const job = jobs(2);
    const run = retryer.run(job.op, { retryIf: (j) => j.state === 'pending' });
    await clock.runAll();
    expect(await run).toEqual({ state: 'done', n: 3 });
    expect(job.calls()).toBe(3);
  });

  it("replaces the retryer's retryIf for that run only", async () => {
    const clock = new FakeClock();
    const retryer = new Retryer<Job>({ clock, maxAttempts: 4, retryIf: (j) => j.n < 4 });
    const own = retryer.run(jobs(0).op, { retryIf: () => false });
    const shared = retryer.run(jobs(0).op);
    await clock.runAll();
    expect(await own).toEqual({ state: 'done', n: 1 });
    expect(await shared).toEqual({ state: 'done', n: 4 });
  });

  it('resolves with the last value when attempts run out', async () => {
    const clock = new FakeClock();
    const run = new Retryer({ clock, maxAttempts: 3 }).run(jobs(10).op, {
      retryIf: (j) => j.state === 'pending',
    });
    await clock.runAll();
    expect(await run).toEqual({ state: 'pending', n: 3 });
  });

  it("a run's retryIf that throws rejects the run with its error, as the retryer's does", async () => {
    const job = jobs(5);
    const bug = new Error('bad predicate');
    const run = new Retryer().run(job.op, {
      retryIf: () => {
        throw bug;
      },
    });
    await expect(run).rejects.toBe(bug);
    expect(job.calls()).toBe(1);
  });

  it("a first-try value goes through the run's retryIf on the fast path too", async () => {
    const clock = new FakeClock();
    let seen = 0;
    const run = new Retryer({ clock }).run(() => 7, {
      retryIf: (v) => {
        seen = v;
        return false;
      },
    });
    expect(await run).toBe(7);
    expect(seen).toBe(7);
  });
});

describe('run options: onGiveUp', () => {
  it('tells each run its own history when many runs reject with one shared abort reason', async () => {
    const clock = new FakeClock();
    const retryer = new Retryer({ clock, maxAttempts: 10, initialDelayMs: 10, jitter: 'none' });
    const controller = new AbortController();
    const shutdown = new Error('shutting down');
    const runs = 1_000;
    const events: GiveUpEvent[] = [];
    const settled = Array.from({ length: runs }, (_, i) => {
      let calls = 0;
      return retryer
        .run(
          async () => {
            calls++;
            if (calls <= i % 4) throw retryable(new Boom(`run ${i} failure ${calls}`));
            return new Promise<never>(() => {}); // then hangs until the abort
          },
          { signal: controller.signal, onGiveUp: (e) => (events[i] = e) },
        )
        .catch((error: unknown) => error);
    });
    await clock.advance(100);
    controller.abort(shutdown);
    const errors = await Promise.all(settled);
    expect(new Set(errors)).toEqual(new Set([shutdown]));
    for (let i = 0; i < runs; i++) {
      const event = events[i];
      expect(event?.reason).toBe('aborted');
      expect(event?.error).toBe(shutdown);
      expect(event?.attempts).toBe((i % 4) + 1);
      expect(event?.errors.map(String)).toEqual(
        Array.from({ length: i % 4 }, (_, k) => `Boom: run ${i} failure ${k + 1}`),
      );
    }
    // retryInfo is keyed by the error: the one shared reason tells the last run's history only.
    expect(retryInfo(shutdown)?.attempts).toBe(((runs - 1) % 4) + 1);
  });

  it("is called after the retryer's onGiveUp, with the same event", async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    const seen: GiveUpEvent[] = [];
    const retryer = new Retryer({
      clock,
      maxAttempts: 2,
      onGiveUp: (e) => {
        order.push('retryer');
        seen.push(e);
      },
    });
    const failing = alwaysFailing();
    const run = retryer
      .run(failing.op, {
        onGiveUp: (e) => {
          order.push('run');
          seen.push(e);
        },
      })
      .catch((e: unknown) => e);
    await clock.runAll();
    const error = await run;
    expect(order).toEqual(['retryer', 'run']);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toEqual({
      attempts: 2,
      errors: failing.errors,
      error,
      reason: 'attempts',
      elapsedMs: expect.any(Number),
      name: undefined,
    });
    expect(retryInfo(error)).toEqual({
      attempts: 2,
      errors: failing.errors,
      elapsedMs: seen[0]?.elapsedMs,
      reason: 'attempts',
    });
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('hook');
      },
    ],
    ['rejects', () => Promise.reject(new Error('async hook'))],
  ])("breaks nothing when the run's onGiveUp %s, and the retryer's still runs", async (_, hook) => {
    const clock = new FakeClock();
    let retryerHook = 0;
    const retryer = new Retryer({ clock, maxAttempts: 1, onGiveUp: () => retryerHook++ });
    const error = new Boom();
    const run = retryer.run(() => Promise.reject(retryable(error)), { onGiveUp: hook as never });
    await expect(run).rejects.toBe(error);
    expect(retryerHook).toBe(1);
  });

  it('is not called when the run succeeds', async () => {
    let calls = 0;
    await new Retryer().run(() => 1, { onGiveUp: () => calls++ });
    expect(calls).toBe(0);
  });

  it('works with retry(), where it is the one onGiveUp', async () => {
    const events: GiveUpEvent[] = [];
    const error = new Boom();
    await expect(
      retry(() => Promise.reject(error), { onGiveUp: (e) => events.push(e) }),
    ).rejects.toBe(error);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ attempts: 1, reason: 'non-retryable', errors: [error] });
  });
});

describe('run options: validation', () => {
  it.each([
    ['retryIf', 'yes'],
    ['onGiveUp', 42],
  ])('rejects a %s that is not a function synchronously, naming it', (key, value) => {
    let calls = 0;
    const run = () => new Retryer().run(() => calls++, { [key]: value } as never);
    expect(run).toThrow(TypeError);
    expect(run).toThrow(`${key} must be a function`);
    expect(calls).toBe(0);
  });

  it('accepts every run option as undefined', async () => {
    await expect(
      new Retryer().run(() => 1, {
        signal: undefined,
        name: undefined,
        retryIf: undefined,
        onGiveUp: undefined,
      }),
    ).resolves.toBe(1);
  });
});
