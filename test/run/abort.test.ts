import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type Clock, Retryer, retry, retryable, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { abortListeners, Boom, nextMacrotask, track, watchTimers } from '../support/helpers.js';

const failing = () => Promise.reject(retryable(new Boom()));

describe('Retryer.run — abort', () => {
  it('never calls the operation when the run’s signal is already aborted', async () => {
    const reason = new Error('shutting down');
    let calls = 0;
    const run = new Retryer().run(() => calls++, { signal: AbortSignal.abort(reason) });
    await expect(run).rejects.toBe(reason);
    expect(calls).toBe(0);
  });

  it('never calls the operation when the retryer’s signal is already aborted', async () => {
    let calls = 0;
    const signal = AbortSignal.abort('stop');
    await expect(new Retryer({ signal }).run(() => calls++)).rejects.toBe('stop');
    await expect(retry(() => calls++, { signal })).rejects.toBe('stop');
    expect(calls).toBe(0);
  });

  it('during a sleep: rejects with signal.reason within a tick, clears the timer, never calls again', async () => {
    const controller = new AbortController();
    const timers = watchTimers();
    onTestFinished(() => timers.restore());
    let calls = 0;
    const run = track(
      new Retryer({ initialDelayMs: 60_000, jitter: 'none' }).run(
        () => {
          calls++;
          return failing();
        },
        { signal: controller.signal },
      ),
    );
    await nextMacrotask();
    expect(calls).toBe(1);
    expect(timers.live).toBe(1);
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await Promise.resolve();
    await nextMacrotask(); // one turn of the loop: no timer may be involved
    expect(run.done).toBe(true);
    expect(await run.result).toEqual({ ok: false, error: reason });
    expect(timers.live).toBe(0);
    expect(timers.grew).toBe(false);
    expect(abortListeners(controller.signal)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toBe(1);
    expect(retryInfo(reason)).toMatchObject({ reason: 'aborted', attempts: 1 });
  });

  it('rejects with the default AbortError when aborted without a reason', async () => {
    const controller = new AbortController();
    const run = new Retryer({ initialDelayMs: 60_000 }).run(failing, { signal: controller.signal });
    await nextMacrotask();
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await expect(run).rejects.toBe(controller.signal.reason);
  });

  it('during a FakeClock sleep: the sleep is withdrawn', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const run = new Retryer({ clock }).run(failing, { signal: controller.signal });
    await nextMacrotask();
    expect(clock.pending).toBe(1);
    controller.abort('stop');
    await expect(run).rejects.toBe('stop');
    expect(clock.pending).toBe(0);
  });

  it('during an attempt: rejects at once, aborts ctx.signal, and ignores what the attempt does later', async () => {
    const controller = new AbortController();
    let ctxSignal: AbortSignal | undefined;
    let failLater: (e: unknown) => void = () => {};
    let calls = 0;
    const run = track(
      new Retryer({ initialDelayMs: 0 }).run(
        ({ signal }) => {
          calls++;
          ctxSignal = signal;
          return new Promise((_, reject) => {
            failLater = reject;
          });
        },
        { signal: controller.signal },
      ),
    );
    await nextMacrotask();
    controller.abort('stop');
    await nextMacrotask();
    expect(run.done).toBe(true);
    expect(await run.result).toEqual({ ok: false, error: 'stop' });
    expect(ctxSignal?.aborted).toBe(true);
    failLater(retryable(new Boom('late')));
    await nextMacrotask();
    expect(calls).toBe(1);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it.each([
    ['without attemptTimeoutMs', {}],
    ['with attemptTimeoutMs', { attemptTimeoutMs: 60_000 }],
  ])(
    'from inside the operation, synchronously (%s): rejects with the reason at once',
    async (_, options) => {
      const controller = new AbortController();
      const reason = new Error('aborted by the operation');
      const timers = watchTimers();
      onTestFinished(() => timers.restore());
      const run = track(
        new Retryer(options).run(
          () => {
            controller.abort(reason);
            return new Promise<never>(() => {});
          },
          { signal: controller.signal },
        ),
      );
      await nextMacrotask();
      expect(run.done).toBe(true);
      expect(await run.result).toEqual({ ok: false, error: reason });
      expect(abortListeners(controller.signal)).toBe(0);
      expect(timers.live).toBe(0);
      expect(retryInfo(reason)).toMatchObject({ reason: 'aborted', attempts: 1 });
    },
  );

  it('from an onRetry hook: no sleep starts', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const run = new Retryer({ clock, onRetry: () => controller.abort('from hook') }).run(failing, {
      signal: controller.signal,
    });
    await expect(run).rejects.toBe('from hook');
    expect(clock.sleeps).toEqual([]);
  });

  it('listens to both the retryer’s signal and the run’s', async () => {
    const policyController = new AbortController();
    const runController = new AbortController();
    const clock = new FakeClock();
    const retryer = new Retryer({ clock, signal: policyController.signal });
    const a = retryer.run(failing, { signal: runController.signal });
    const b = retryer.run(failing, { signal: new AbortController().signal });
    await nextMacrotask();
    runController.abort('run');
    await expect(a).rejects.toBe('run');
    policyController.abort('retrywise');
    await expect(b).rejects.toBe('retrywise');
  });

  it('never calls the operation again, even through a user clock that ignores the signal', async () => {
    let wake: () => void = () => {};
    const deafClock: Clock = {
      now: () => 0,
      sleep: () =>
        new Promise<void>((resolve) => {
          wake = resolve;
        }),
    };
    const controller = new AbortController();
    let calls = 0;
    const run = new Retryer({ clock: deafClock }).run(
      () => {
        calls++;
        return failing();
      },
      { signal: controller.signal },
    );
    await nextMacrotask();
    const reason = new Error('stop');
    controller.abort(reason);
    wake();
    await expect(run).rejects.toBe(reason);
    expect(calls).toBe(1);
    expect(retryInfo(reason)).toMatchObject({ attempts: 1, reason: 'aborted' });
  });
});

describe('Retryer.run — abort at any moment (property)', () => {
  it('rejects with the reason, and the operation is never called after the abort', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5000 }),
        fc.boolean(),
        async (abortAtMs, hangs) => {
          const clock = new FakeClock();
          const controller = new AbortController();
          let calls = 0;
          let callsAtAbort = -1;
          const retryer = new Retryer({
            clock,
            jitter: 'none',
            initialDelayMs: 300,
            maxAttempts: 10,
            attemptTimeoutMs: 200,
          });
          const run = track(
            retryer.run(
              () => {
                calls++;
                return hangs ? new Promise(() => {}) : failing();
              },
              { signal: controller.signal },
            ),
          );
          await clock.advance(abortAtMs);
          if (!run.done) {
            callsAtAbort = calls;
            controller.abort('stop');
            expect(await run.result).toEqual({ ok: false, error: 'stop' });
            await clock.runAll();
            expect(calls).toBe(callsAtAbort);
            expect(clock.pending).toBe(0);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('Retryer.run — signal look-alikes', () => {
  /** A polyfill-like signal: not a native AbortSignal, so `AbortSignal.any` refuses it. */
  function lookAlike() {
    const listeners = new Set<(this: unknown) => void>();
    const like = {
      aborted: false,
      reason: undefined as unknown,
      addEventListener: (_: string, listener: () => void) => listeners.add(listener),
      removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
      abort(reason: unknown) {
        like.aborted = true;
        like.reason = reason;
        for (const listener of [...listeners]) listener.call(like);
      },
    };
    return { like, listeners };
  }

  it.each([
    ['alone on the retryer', 'like', undefined],
    ['alone on the run', undefined, 'like'],
    ['on the retryer, a native signal on the run', 'like', 'native'],
    ['on the run, a native signal on the retryer', 'native', 'like'],
  ] as const)(
    'follows a look-alike %s: an abort during a sleep settles the run',
    async (_, own, perRun) => {
      const { like, listeners } = lookAlike();
      const native = new AbortController();
      const pick = (which: 'like' | 'native' | undefined) =>
        which === undefined
          ? undefined
          : ((which === 'like' ? like : native.signal) as AbortSignal);
      const retryer = new Retryer({ signal: pick(own), initialDelayMs: 60_000 });
      const run = track(retryer.run(failing, { signal: pick(perRun) }));
      await nextMacrotask();
      expect(listeners.size).toBe(1);
      const reason = new Error('polyfill abort');
      like.abort(reason);
      await nextMacrotask();
      expect(await run.result).toEqual({ ok: false, error: reason });
      expect(listeners.size).toBe(0);
      expect(abortListeners(native.signal)).toBe(0);
    },
  );

  it('stops following the look-alike when the run succeeds, and honours one already aborted', async () => {
    const { like, listeners } = lookAlike();
    const native = new AbortController();
    const retryer = new Retryer({ signal: like as unknown as AbortSignal });
    await expect(retryer.run(() => 'ok', { signal: native.signal })).resolves.toBe('ok');
    expect(listeners.size).toBe(0);
    expect(abortListeners(native.signal)).toBe(0);
    like.abort('gone');
    await expect(retryer.run(() => 'ok', { signal: native.signal })).rejects.toBe('gone');
  });
});
