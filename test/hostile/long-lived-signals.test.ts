/**
 * A signal that lives as long as the process (the documented SIGTERM pattern: one controller on
 * the Retryer) is followed by every run. Runs must leave nothing on it: no listener, no entry,
 * no warning, however many there are, with or without per-run signals and attempt timeouts.
 */
import { execFile } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Retryer, type RetryOptions, retryable } from '../../src/index.js';
import { Boom, unhandledDuring } from '../support/helpers.js';

const run = promisify(execFile);

const warnings: Error[] = [];
const onWarning = (warning: Error): void => void warnings.push(warning);
process.on('warning', onWarning);
afterEach(() => {
  warnings.length = 0;
});

const shapes: [string, RetryOptions][] = [
  ['plain', {}],
  ['with attemptTimeoutMs', { attemptTimeoutMs: 60_000 }],
];

describe('runs on one long-lived signal', () => {
  it.each(shapes)(
    '%s: 200 concurrent runs asleep in backoff put one listener on it, and none once settled',
    async (_, options) => {
      const shutdown = new AbortController();
      const retryer = new Retryer({
        ...options,
        signal: shutdown.signal,
        maxAttempts: 2,
        initialDelayMs: 5,
        jitter: 'none',
      });
      const runs = Array.from({ length: 200 }, (_, i) => {
        const own = i % 2 === 0 ? { signal: new AbortController().signal } : undefined;
        return retryer.run(() => Promise.reject(retryable(new Boom())), own).catch((e) => e);
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(getEventListeners(shutdown.signal, 'abort').length).toBe(1);
      await Promise.all(runs);
      expect(getEventListeners(shutdown.signal, 'abort')).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    },
  );

  it('an abort of the shared signal ends every run asleep on it, each with its reason', async () => {
    const shutdown = new AbortController();
    const retryer = new Retryer({ signal: shutdown.signal, initialDelayMs: 60_000 });
    const runs = Array.from({ length: 100 }, () =>
      retryer.run(() => Promise.reject(retryable(new Boom()))).catch((e: unknown) => e),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const reason = new Error('SIGTERM');
    shutdown.abort(reason);
    expect(await Promise.all(runs)).toEqual(Array(100).fill(reason));
    expect(getEventListeners(shutdown.signal, 'abort')).toEqual([]);
  });

  it('10⁵ runs with a retryer signal and a signal each leave no entry on it', async () => {
    const shutdown = new AbortController();
    const retryer = new Retryer({ signal: shutdown.signal });
    for (let i = 0; i < 100_000; i++) {
      await retryer.run(async () => i, { signal: new AbortController().signal });
    }
    // Node keeps its own bookkeeping under symbols (AbortSignal.any's kDependantSignals, the
    // listeners): none of it may grow with the number of runs.
    const sizes = Object.getOwnPropertySymbols(shutdown.signal).map((key) => {
      const value = (shutdown.signal as unknown as Record<symbol, unknown>)[key];
      return value instanceof Set || value instanceof Map ? value.size : 0;
    });
    expect(Math.max(0, ...sizes)).toBe(0);
    expect(getEventListeners(shutdown.signal, 'abort')).toEqual([]);
  }, 60_000);

  it('10⁵ runs with a retryer signal and a signal each: the heap does not grow with them', async () => {
    const script = `
      import { Retryer } from './src/index.ts';
      const shutdown = new AbortController();
      const retryer = new Retryer({ signal: shutdown.signal });
      const batch = async (n) => { for (let i = 0; i < n; i++) await retryer.run(async () => i, { signal: new AbortController().signal }); };
      const heap = async () => { await new Promise((r) => setImmediate(r)); for (let i = 0; i < 4; i++) globalThis.gc(); return process.memoryUsage().heapUsed; };
      await batch(50_000);
      const before = await heap();
      await batch(100_000);
      console.log(JSON.stringify({ grewBytes: (await heap()) - before }));
    `;
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 60_000 },
    );
    const { grewBytes } = JSON.parse(stdout) as { grewBytes: number };
    // With AbortSignal.any (Node 20) this grew by ~7 MB: an entry per run on the shared signal.
    expect(grewBytes).toBeLessThan(2_000_000);
  }, 60_000);
});

describe('look-alike signals (polyfills)', () => {
  function lookAlike(extra: Record<string, unknown> = {}) {
    const listeners = new Set<() => void>();
    return {
      aborted: false,
      reason: undefined as unknown,
      addEventListener: (_: string, listener: () => void) => listeners.add(listener),
      abort(reason: unknown) {
        this.aborted = true;
        this.reason = reason;
        for (const listener of listeners) listener();
      },
      listeners,
      ...extra,
    };
  }

  it('one without removeEventListener: a successful run still resolves, on the retryer or the run', async () => {
    const signal = lookAlike();
    const own = lookAlike();
    const retryer = new Retryer({ signal: signal as unknown as AbortSignal });
    await expect(retryer.run(async () => 'ok')).resolves.toBe('ok');
    await expect(
      retryer.run(async () => 'ok', { signal: own as unknown as AbortSignal }),
    ).resolves.toBe('ok');
  });

  it('one whose addEventListener throws: the run rejects with that error, run() never throws', async () => {
    const signal = lookAlike({
      addEventListener: () => {
        throw new Error('no listeners here');
      },
    });
    const unhandled = await unhandledDuring(async () => {
      const retryer = new Retryer({ signal: signal as unknown as AbortSignal });
      await expect(
        retryer.run(async () => 'ok', { signal: new AbortController().signal }),
      ).rejects.toThrow('no listeners here');
      await expect(
        new Retryer({ attemptTimeoutMs: 1000 }).run(async () => 'ok', {
          signal: signal as unknown as AbortSignal,
        }),
      ).rejects.toThrow('no listeners here');
    });
    expect(unhandled).toEqual([]);
  });

  it('an abort of a look-alike reaches a run asleep in backoff, with its reason', async () => {
    const signal = lookAlike();
    const retryer = new Retryer({ initialDelayMs: 60_000 });
    const running = retryer
      .run(() => Promise.reject(retryable(new Boom())), {
        signal: signal as unknown as AbortSignal,
      })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setImmediate(resolve));
    signal.abort('stop');
    expect(await running).toBe('stop');
  });
});
