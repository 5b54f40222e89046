/**
 * (c) The brownout model: 1,000 clients in 10 processes (one budget and one throttle per
 * process) call a service at 400 calls/s in all (Poisson arrivals, each call made by a client
 * picked at random); the service serves 400 calls/s, drops to 150 calls/s for 30 s, then serves
 * 400 again. It sheds the excess with 429 (+ `Retry-After: 1`, or no hint in the variant): its
 * capacity is a token bucket that refills at the current capacity and holds `burstMs` of it.
 * Calls are answered at once, so the numbers measure the client policy alone. Every call is one
 * `run()` of the real Retryer (library defaults: 3 attempts, 1 s base, full jitter, the default
 * classifiers), on a FakeClock, with the simulation's seeded `random`.
 */
import { AdaptiveThrottle, RetryBudget, Retryer, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { seededRandom } from './prng.js';

/** One client policy under test: a fresh budget and throttle per process, or none. */
export interface BrownoutStrategy {
  readonly name: string;
  readonly budget?: (clock: FakeClock) => RetryBudget;
  readonly throttle?: (clock: FakeClock, random: () => number) => AdaptiveThrottle;
}

/** The model's parameters (the defaults below). */
export interface BrownoutModel {
  readonly clients: number;
  readonly processes: number;
  /** Calls per second offered by all clients together. */
  readonly offeredPerSecond: number;
  readonly capacityPerSecond: number;
  readonly brownoutCapacityPerSecond: number;
  /** When the brownout starts, and how long it lasts. */
  readonly brownoutAtMs: number;
  readonly brownoutMs: number;
  /** Calls keep arriving this long after the brownout. */
  readonly afterMs: number;
  /** The server's burst: its token bucket holds this many ms of capacity. */
  readonly burstMs: number;
  /** `Retry-After` on each 429, in seconds; `undefined`: no hint. */
  readonly retryAfterSeconds: number | undefined;
  readonly seed: number;
}

export const BROWNOUT_MODEL: BrownoutModel = Object.freeze({
  clients: 1000,
  processes: 10,
  offeredPerSecond: 400,
  capacityPerSecond: 400,
  brownoutCapacityPerSecond: 150,
  brownoutAtMs: 10_000,
  brownoutMs: 30_000,
  afterMs: 20_000,
  burstMs: 250,
  retryAfterSeconds: 1,
  seed: 42,
});

/** What one strategy did in the brownout model. */
export interface BrownoutResult {
  readonly name: string;
  /** Calls (runs) made. */
  readonly calls: number;
  /** Attempts that reached the server, per one-second window. */
  readonly loadPerSecond: readonly number[];
  /** Successes per one-second window. */
  readonly goodputPerSecond: readonly number[];
  /** Server load during the brownout ÷ its capacity then: the worst second, and the mean. */
  readonly peakLoadRatio: number;
  readonly meanLoadRatio: number;
  /** Successes per second during the brownout ÷ capacity then. */
  readonly goodputRatio: number;
  /** Runs that succeeded ÷ runs. */
  readonly successShare: number;
  /** Time from a call to its success, for calls made during the brownout (ms). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly giveUps: number;
  /** Calls the brownout's capacity cannot serve: calls made during it − its capacity. */
  readonly forcedGiveUps: number;
  /** Runs rejected locally by the throttle (first attempt or retry). */
  readonly rejectedLocally: number;
  /** From the end of the brownout until a one-second window serves ≥ 95 % of the calls made in it. */
  readonly recoveryMs: number | undefined;
}

const SLOT_MS = 100;

function tooManyRequests(retryAfterSeconds: number | undefined): Error {
  const headers =
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  return Object.assign(new Error('429 Too Many Requests'), { status: 429, headers });
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** The server: a token bucket refilled at the capacity of the moment. */
class Server {
  readonly load: number[] = [];
  readonly served: number[] = [];
  #tokens: number;
  #at = 0;

  constructor(
    private readonly model: BrownoutModel,
    private readonly clock: FakeClock,
  ) {
    this.#tokens = (model.capacityPerSecond * model.burstMs) / 1000;
  }

  capacityAt(ms: number): number {
    const m = this.model;
    const inBrownout = ms >= m.brownoutAtMs && ms < m.brownoutAtMs + m.brownoutMs;
    return inBrownout ? m.brownoutCapacityPerSecond : m.capacityPerSecond;
  }

  call = (): void => {
    const now = this.clock.now();
    const capacity = this.capacityAt(now);
    const burst = (capacity * this.model.burstMs) / 1000;
    this.#tokens = Math.min(burst, this.#tokens + (capacity * (now - this.#at)) / 1000);
    this.#at = now;
    const slot = Math.floor(now / SLOT_MS);
    this.load[slot] = (this.load[slot] ?? 0) + 1;
    if (this.#tokens < 1) throw tooManyRequests(this.model.retryAfterSeconds);
    this.#tokens -= 1;
    this.served[slot] = (this.served[slot] ?? 0) + 1;
  };
}

/** Sums of `perSlot` over one-second windows starting every `SLOT_MS`… or aligned to seconds. */
function perSecond(perSlot: readonly (number | undefined)[], slots: number): number[] {
  const seconds = Math.ceil((slots * SLOT_MS) / 1000);
  const out = new Array<number>(seconds).fill(0);
  for (let i = 0; i < slots; i++) {
    const s = Math.floor((i * SLOT_MS) / 1000);
    out[s] = (out[s] as number) + (perSlot[i] ?? 0);
  }
  return out;
}

/** Runs `strategy` through the brownout model. */
export async function brownoutRun(
  strategy: BrownoutStrategy,
  model: BrownoutModel = BROWNOUT_MODEL,
): Promise<BrownoutResult> {
  const clock = new FakeClock();
  const random = seededRandom(model.seed);
  const server = new Server(model, clock);
  const throttles: AdaptiveThrottle[] = [];
  const retryers = Array.from({ length: model.processes }, () => {
    const throttle = strategy.throttle?.(clock, random);
    if (throttle !== undefined) throttles.push(throttle);
    return new Retryer({
      clock,
      random,
      ...(strategy.budget === undefined ? {} : { budget: strategy.budget(clock) }),
      ...(throttle === undefined ? {} : { throttle }),
    });
  });
  const endMs = model.brownoutAtMs + model.brownoutMs + model.afterMs;
  const brownoutEndMs = model.brownoutAtMs + model.brownoutMs;
  const arrivals: number[] = [];
  const timesMs: number[] = [];
  let calls = 0;
  let giveUps = 0;
  let rejectedLocally = 0;
  let succeeded = 0;
  let brownoutCalls = 0;
  const runs: Promise<void>[] = [];
  const call = (startedAt: number): void => {
    const client = Math.floor(random() * model.clients);
    const retryer = retryers[client % model.processes] as Retryer;
    const slot = Math.floor(startedAt / SLOT_MS);
    arrivals[slot] = (arrivals[slot] ?? 0) + 1;
    const inBrownout = startedAt >= model.brownoutAtMs && startedAt < brownoutEndMs;
    if (inBrownout) brownoutCalls++;
    runs.push(
      retryer.run(server.call).then(
        () => {
          succeeded++;
          if (inBrownout) timesMs.push(clock.now() - startedAt);
        },
        (error: unknown) => {
          giveUps++;
          if (retryInfo(error)?.reason === 'throttled-locally') rejectedLocally++;
        },
      ),
    );
  };
  const arrive = async (): Promise<void> => {
    for (;;) {
      await clock.sleep((-Math.log(1 - random()) * 1000) / model.offeredPerSecond);
      const now = clock.now();
      if (now >= endMs) return;
      calls++;
      call(now);
    }
  };
  const arriving = arrive();
  await clock.runAll();
  await arriving;
  await Promise.all(runs);
  const slots = Math.ceil(clock.now() / SLOT_MS) + 1;
  const loadPerSecond = perSecond(server.load, slots);
  const goodputPerSecond = perSecond(server.served, slots);
  const from = model.brownoutAtMs / 1000;
  const to = brownoutEndMs / 1000;
  const during = loadPerSecond.slice(from, to);
  const capacity = model.brownoutCapacityPerSecond;
  const servedDuring = goodputPerSecond.slice(from, to).reduce((a, b) => a + b, 0);
  timesMs.sort((a, b) => a - b);
  return {
    name: strategy.name,
    calls,
    loadPerSecond,
    goodputPerSecond,
    peakLoadRatio: Math.max(...during) / capacity,
    meanLoadRatio: during.reduce((a, b) => a + b, 0) / during.length / capacity,
    goodputRatio: servedDuring / during.length / capacity,
    successShare: succeeded / calls,
    p50Ms: percentile(timesMs, 0.5),
    p99Ms: percentile(timesMs, 0.99),
    giveUps,
    forcedGiveUps: Math.max(0, brownoutCalls - (capacity * model.brownoutMs) / 1000),
    rejectedLocally,
    recoveryMs: recovery(server.served, arrivals, brownoutEndMs, slots),
  };
}

/**
 * Ms from `fromMs` until the first one-second window (sliding by `SLOT_MS`) whose successes are
 * ≥ 95 % of the calls made in it; `undefined` when none is.
 */
function recovery(
  served: readonly (number | undefined)[],
  arrivals: readonly (number | undefined)[],
  fromMs: number,
  slots: number,
): number | undefined {
  const width = 1000 / SLOT_MS;
  for (let start = fromMs / SLOT_MS; start + width <= slots; start++) {
    let ok = 0;
    let made = 0;
    for (let i = start; i < start + width; i++) {
      ok += served[i] ?? 0;
      made += arrivals[i] ?? 0;
    }
    if (made > 0 && ok >= 0.95 * made) return (start + width) * SLOT_MS - fromMs;
  }
  return undefined;
}

/** The strategies of the issue, plus the SRE book's rule as published (no throttle weight). */
export const BROWNOUT_STRATEGIES: readonly BrownoutStrategy[] = [
  { name: 'no budget' },
  { name: 'A6 budget', budget: () => new RetryBudget({ maxTokens: 10, tokenRatio: 0.1 }) },
  {
    name: 'refill budget',
    budget: (clock) =>
      new RetryBudget({ maxTokens: 10, tokenRatio: 0.1, minRetriesPerSecond: 2, clock }),
  },
  {
    name: 'SRE throttle (k 2, no weight)',
    throttle: (clock, random) => new AdaptiveThrottle({ clock, random, throttleWeight: 0 }),
  },
  {
    name: 'adaptive throttle',
    throttle: (clock, random) => new AdaptiveThrottle({ clock, random }),
  },
  {
    name: 'adaptive + refill',
    budget: (clock) =>
      new RetryBudget({ maxTokens: 10, tokenRatio: 0.1, minRetriesPerSecond: 2, clock }),
    throttle: (clock, random) => new AdaptiveThrottle({ clock, random }),
  },
];
