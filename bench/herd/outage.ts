/**
 * (b) The outage model: `clients` clients in `processes` processes (one shared budget per
 * process) send their first call spread over the first second; the service is down for the first
 * `outageMs`, then serves `capacityPerSecond` calls per one-second window and fails the rest.
 * Calls reach the service after `latencyMs` (0: at once) and are answered at once (a refused
 * connection, a 503, or a success), so the numbers measure the retry policy alone. The real Retryer drives every client, on a FakeClock.
 */
import { type Jitter, RetryBudget, Retryer } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { seededRandom } from './prng.js';

/** One retry policy under test. */
export interface Strategy {
  readonly name: string;
  readonly jitter: Jitter;
  /** A fresh budget for one process, or none. */
  readonly budget?: (clock: FakeClock) => RetryBudget;
}

/** The outage model's parameters (the defaults below). */
export interface OutageModel {
  readonly clients: number;
  readonly processes: number;
  readonly spreadMs: number;
  readonly outageMs: number;
  readonly capacityPerSecond: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Each client's `maxElapsedMs`. */
  readonly limitMs: number;
  /** Time for a call to reach the service. */
  readonly latencyMs: number;
  readonly seed: number;
}

export const OUTAGE_MODEL: OutageModel = Object.freeze({
  clients: 1000,
  processes: 10,
  spreadMs: 1000,
  outageMs: 10_000,
  capacityPerSecond: 200,
  initialDelayMs: 50,
  maxDelayMs: 10_000,
  limitMs: 60_000,
  latencyMs: 0,
  seed: 42,
});

/** What one strategy did in the outage model. */
export interface OutageResult {
  readonly name: string;
  /** Calls during the outage ÷ clients. */
  readonly amplification: number;
  /** Clients whose run gave up (any reason). */
  readonly giveUps: number;
  /** Ms from the end of the outage to the last success; `undefined` when nothing succeeded. */
  readonly lastSuccessMs: number | undefined;
  /** The most calls the service received in one one-second window. */
  readonly peakPerSecond: number;
  readonly totalCalls: number;
  /** Calls per one-second window, for the chart. */
  readonly perSecond: readonly number[];
}

const DOWN = Object.freeze({ retryable: true, reason: 'service unavailable' });

/** Runs `strategy` through the outage model. */
export async function outageRun(
  strategy: Strategy,
  model: OutageModel = OUTAGE_MODEL,
): Promise<OutageResult> {
  const clock = new FakeClock();
  const random = seededRandom(model.seed);
  const perSecond: number[] = [];
  let outageCalls = 0;
  let lastSuccessAt: number | undefined;
  const call = (): void => {
    const now = clock.now();
    const second = Math.floor(now / 1000);
    const served = (perSecond[second] ?? 0) + 1;
    perSecond[second] = served;
    if (now < model.outageMs) {
      outageCalls++;
      throw new Error('connect ECONNREFUSED');
    }
    if (served > model.capacityPerSecond) throw new Error('503 Service Unavailable');
    lastSuccessAt = now;
  };
  const retryers = Array.from({ length: model.processes }, () => {
    return new Retryer({
      clock,
      random,
      jitter: strategy.jitter,
      initialDelayMs: model.initialDelayMs,
      maxDelayMs: model.maxDelayMs,
      maxAttempts: Number.POSITIVE_INFINITY,
      maxElapsedMs: model.limitMs,
      classifiers: [() => DOWN],
      ...(strategy.budget === undefined ? {} : { budget: strategy.budget(clock) }),
    });
  });
  let giveUps = 0;
  const runs = Array.from({ length: model.clients }, async (_, i) => {
    const retryer = retryers[i % model.processes] as Retryer;
    await clock.sleep(random() * model.spreadMs);
    const operation = model.latencyMs > 0 ? () => clock.sleep(model.latencyMs).then(call) : call;
    await retryer.run(operation).catch(() => {
      giveUps++;
    });
  });
  await clock.runAll();
  await Promise.all(runs);
  return {
    name: strategy.name,
    amplification: outageCalls / model.clients,
    giveUps,
    lastSuccessMs: lastSuccessAt === undefined ? undefined : lastSuccessAt - model.outageMs,
    peakPerSecond: Math.max(0, ...Array.from(perSecond, (n) => n ?? 0)),
    totalCalls: perSecond.reduce((sum, n) => sum + (n ?? 0), 0),
    perSecond: Array.from(perSecond, (n) => n ?? 0),
  };
}

/** The four strategies of the issue: no jitter, full jitter, A6 budget, the refilling budget. */
export const STRATEGIES: readonly Strategy[] = [
  { name: 'no jitter', jitter: 'none' },
  { name: 'full jitter', jitter: 'full' },
  {
    name: 'A6 budget',
    jitter: 'full',
    budget: () => new RetryBudget({ maxTokens: 10, tokenRatio: 0.1 }),
  },
  {
    name: 'refill budget',
    jitter: 'full',
    budget: (clock) =>
      new RetryBudget({ maxTokens: 10, tokenRatio: 0.1, minRetriesPerSecond: 2, clock }),
  },
];
