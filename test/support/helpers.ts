/** Shared fixtures for the core tests: deterministic errors, operations and settle helpers. */
import { getEventListeners } from 'node:events';
import { setImmediate as realSetImmediate } from 'node:timers';
import { nonRetryable, Retryer, type RetryOptions, retryable } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';

/** An error no classifier recognises: its fate is decided by markers or `unknownErrors`. */
export class Boom extends Error {
  constructor(message = 'boom') {
    super(message);
    this.name = 'Boom';
  }
}

/** An operation that fails `failures` times with a retryable `Boom`, then resolves `value`. */
export function flaky<T>(
  failures: number,
  value: T,
): { op: () => Promise<T>; calls: () => number } {
  let calls = 0;
  return {
    op: async () => {
      calls++;
      if (calls <= failures) throw retryable(new Boom(`failure ${calls}`));
      return value;
    },
    calls: () => calls,
  };
}

/** An operation that always fails with a fresh retryable `Boom`; `errors` holds the inner ones. */
export function alwaysFailing(): { op: () => Promise<never>; errors: Boom[] } {
  const errors: Boom[] = [];
  return {
    op: async () => {
      const error = new Boom(`failure ${errors.length + 1}`);
      errors.push(error);
      throw retryable(error);
    },
    errors,
  };
}

/** An operation that fails once with `nonRetryable(error)`. */
export function permanent(error: unknown): () => Promise<never> {
  return async () => {
    throw nonRetryable(error);
  };
}

/** A `random` that always returns `r`. */
export const fixed = (r: number) => (): number => r;

/** What a promise settled to, without letting a rejection go unhandled. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** Runs `op` under `options` on a new FakeClock until the run settles. */
export async function onFakeClock<T>(options: RetryOptions, op: () => T | Promise<T>) {
  const clock = new FakeClock();
  const result = settled(new Retryer({ ...options, clock }).run(op));
  await clock.runAll();
  return { clock, result: await result };
}

/** Tracks whether a promise has settled yet, synchronously readable. */
export function track<T>(promise: Promise<T>): {
  readonly done: boolean;
  result: Promise<Settled<T>>;
} {
  const state = { done: false, result: settled(promise) };
  state.result.then(() => {
    state.done = true;
  });
  return state;
}

/** One turn of the real event loop: every pending promise job runs first. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

/** The number of live `setTimeout` timers in this process. */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

/**
 * Watches timers from the moment it is made: `live` counts those made through
 * `globalThis.setTimeout` since then that have neither fired nor been cleared, and `grew` says
 * whether `process.getActiveResourcesInfo()` lists more timers than at the start (the test
 * runner's own timers may come and go, so only growth counts). Call `restore()` when done.
 */
export function watchTimers(): { readonly live: number; readonly grew: boolean; restore(): void } {
  const before = activeTimers();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const live = new Set<unknown>();
  const watched = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = realSet(() => {
      live.delete(timer);
      callback(...args);
    }, ms);
    live.add(timer);
    return timer;
  };
  globalThis.setTimeout = watched as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((timer: Parameters<typeof clearTimeout>[0]) => {
    live.delete(timer);
    realClear(timer);
  }) as typeof clearTimeout;
  return {
    get live() {
      return live.size;
    },
    get grew() {
      return activeTimers() > before;
    },
    restore() {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}

/** The number of abort listeners on `signal`. */
export function abortListeners(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}

/** Collects 'unhandledRejection' events while `body` runs and for a few turns after. */
export async function unhandledDuring(body: () => Promise<unknown>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', listener);
  try {
    await body();
    for (let i = 0; i < 5; i++) await nextMacrotask();
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}
