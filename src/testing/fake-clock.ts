/**
 * A virtual clock for tests: time moves only when the test says so.
 */
import { setImmediate as realSetImmediate } from 'node:timers';
import type { Clock } from '../time/clock.js';

interface PendingSleep {
  readonly dueAt: number;
  readonly resolve: () => void;
}

/** Lets every pending promise job run, even under fake timers (node:timers is never faked). */
function drainJobs(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

/** How many sleeps `runAll` fires before it decides the code under test loops forever. */
const RUN_ALL_LIMIT = 1_000_000;

/**
 * A {@link Clock} on virtual time. Sleeps resolve only when `advance` or `runAll` reaches them,
 * in order of due time (then of request). Needs no fake timers and patches no globals.
 *
 * @example
 * ```ts
 * const clock = new FakeClock();
 * const retryer = new Retryer({ clock, random: () => 0.5 });
 * const done = retryer.run(flakyOperation);
 * await clock.runAll();
 * await done;
 * expect(clock.sleeps).toEqual([500, 1000]);
 * ```
 * @public
 */
export class FakeClock implements Clock {
  #now: number;
  #pending: PendingSleep[] = [];
  readonly #sleeps: number[] = [];

  /**
   * @param options - `now`: the virtual time to start at, in ms. @defaultValue 0
   * @throws RangeError when `now` is not a finite number.
   */
  constructor(options: { now?: number | undefined } = {}) {
    const now = options.now ?? 0;
    if (typeof now !== 'number' || !Number.isFinite(now)) {
      throw new RangeError(`now must be a finite number, got ${String(now)}`);
    }
    this.#now = now;
  }

  /** The virtual time in ms. */
  now(): number {
    return this.#now;
  }

  /** Every delay requested by `sleep`, in order. */
  get sleeps(): readonly number[] {
    return this.#sleeps;
  }

  /** The number of sleeps not yet fired (aborted ones excluded). */
  get pending(): number {
    return this.#pending.length;
  }

  /** Resolves when virtual time reaches now + `ms`; rejects with `signal.reason` on abort. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const delayMs = ms > 0 ? ms : 0;
    this.#sleeps.push(delayMs);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const entry: PendingSleep = {
        dueAt: this.#now + delayMs,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#remove(entry);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#insert(entry);
    });
  }

  /**
   * Moves virtual time forward by `ms`, firing every sleep that falls due on the way — including
   * sleeps that the woken code schedules within the window — each at its own due time.
   */
  async advance(ms: number): Promise<void> {
    if (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms)) {
      throw new RangeError(`ms must be a finite number ≥ 0, got ${String(ms)}`);
    }
    const target = this.#now + ms;
    await drainJobs();
    for (
      let next = this.#pending[0];
      next !== undefined && next.dueAt <= target;
      next = this.#pending[0]
    ) {
      this.#fire(next);
      await drainJobs();
    }
    this.#now = target;
  }

  /**
   * Lets pending promise jobs run, then keeps firing the earliest sleep — including sleeps
   * scheduled while it runs — until none is pending. Throws if it fires more than a million.
   */
  async runAll(): Promise<void> {
    await drainJobs();
    for (let fired = 0; this.#pending[0] !== undefined; fired++) {
      if (fired === RUN_ALL_LIMIT) {
        throw new Error(
          `FakeClock.runAll fired ${RUN_ALL_LIMIT} sleeps; is the code under test looping forever?`,
        );
      }
      this.#fire(this.#pending[0]);
      await drainJobs();
    }
  }

  #fire(entry: PendingSleep): void {
    this.#pending.shift();
    if (entry.dueAt > this.#now) this.#now = entry.dueAt;
    entry.resolve();
  }

  #insert(entry: PendingSleep): void {
    let i = this.#pending.length;
    // After every sleep due at the same time: equal due times fire in request order.
    while (i > 0 && (this.#pending[i - 1] as PendingSleep).dueAt > entry.dueAt) i--;
    this.#pending.splice(i, 0, entry);
  }

  #remove(entry: PendingSleep): void {
    const i = this.#pending.indexOf(entry);
    if (i !== -1) this.#pending.splice(i, 1);
  }
}
