/**
 * A virtual clock for tests: time moves only when the test says so.
 */
import { type AbortFollower, follow, unfollow } from '../abort/hub.js';
import type { Clock } from '../time/clock.js';
import { nextTurn } from '../time/next-turn.js';
import { type QueuedSleep, SleepQueue } from './sleep-queue.js';

/**
 * Lets every pending promise job run: one turn of the event loop on the `setImmediate` that
 * `next-turn` took when it loaded (or a `MessageChannel` message when fakes were already in
 * place), neither of which `vi.useFakeTimers()` or `@sinonjs/fake-timers` replaces later.
 */
function drainJobs(): Promise<void> {
  return new Promise((resolve) => nextTurn(resolve, undefined));
}

/** How many sleeps `runAll` fires before it decides the code under test loops forever. */
const RUN_ALL_LIMIT = 1_000_000;

/** A pending sleep; follows its signal, if any, through the abort hub (one listener per signal). */
class FakeSleep implements QueuedSleep, AbortFollower {
  cancelled = false;

  constructor(
    readonly dueAt: number,
    readonly seq: number,
    readonly queue: SleepQueue<FakeSleep>,
    readonly resolve: () => void,
    readonly reject: (reason: unknown) => void,
    readonly signal: AbortSignal | undefined,
  ) {}

  wake(): void {
    if (this.signal !== undefined) unfollow(this.signal, this);
    this.resolve();
  }

  handleEvent(): void {
    const signal = this.signal as AbortSignal;
    unfollow(signal, this);
    this.queue.cancel(this);
    this.reject(signal.reason);
  }
}

/**
 * A {@link Clock} on virtual time. Sleeps resolve only when `advance` or `runAll` reaches them,
 * in order of due time (then of request). Needs no fake timers and patches no globals, and works
 * under them. Calls of `advance` and `runAll` run one after the other, in call order, and every
 * method works detached from the instance (`lineLogger({ now: clock.now })`).
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
  #seq = 0;
  readonly #queue = new SleepQueue<FakeSleep>();
  readonly #sleeps: number[] = [];
  /** The end of the last `advance`/`runAll` called: the next one starts after it. */
  #tail: Promise<void> = Promise.resolve();

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
    this.now = this.now.bind(this);
    this.sleep = this.sleep.bind(this);
    this.advance = this.advance.bind(this);
    this.runAll = this.runAll.bind(this);
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
    return this.#queue.size;
  }

  /** Resolves when virtual time reaches now + `ms`; rejects with `signal.reason` on abort. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const delayMs = ms > 0 ? ms : 0;
    this.#sleeps.push(delayMs);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const entry = new FakeSleep(
        this.#now + delayMs,
        this.#seq++,
        this.#queue,
        resolve,
        reject,
        signal,
      );
      this.#queue.push(entry);
      if (signal !== undefined) {
        follow(signal, entry);
        if (signal.aborted) entry.handleEvent();
      }
    });
  }

  /**
   * Moves virtual time forward by `ms`, firing every sleep that falls due on the way — including
   * sleeps that the woken code schedules within the window — each at its own due time. Starts
   * once every `advance`/`runAll` called before it has finished.
   */
  advance(ms: number): Promise<void> {
    if (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms)) {
      return Promise.reject(new RangeError(`ms must be a finite number ≥ 0, got ${String(ms)}`));
    }
    return this.#serial(async () => {
      const target = this.#now + ms;
      await drainJobs();
      for (let next = this.#queue.peek(); next !== undefined && next.dueAt <= target; ) {
        this.#fire();
        await drainJobs();
        next = this.#queue.peek();
      }
      this.#now = target;
    });
  }

  /**
   * Lets pending promise jobs run, then keeps firing the earliest sleep — including sleeps
   * scheduled while it runs — until none is pending. Throws if it fires more than a million.
   * Starts once every `advance`/`runAll` called before it has finished.
   */
  runAll(): Promise<void> {
    return this.#serial(async () => {
      await drainJobs();
      for (let fired = 0; this.#queue.peek() !== undefined; fired++) {
        if (fired === RUN_ALL_LIMIT) {
          throw new Error(
            `FakeClock.runAll fired ${RUN_ALL_LIMIT} sleeps; is the code under test looping forever?`,
          );
        }
        this.#fire();
        await drainJobs();
      }
    });
  }

  #serial(step: () => Promise<void>): Promise<void> {
    const done = this.#tail.then(step);
    this.#tail = done.then(undefined, () => undefined);
    return done;
  }

  #fire(): void {
    const entry = this.#queue.shift() as FakeSleep;
    if (entry.dueAt > this.#now) this.#now = entry.dueAt;
    entry.wake();
  }
}
