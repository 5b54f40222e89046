/**
 * The libraries under test, each configured for the same schedule: at most `attempts` calls in
 * all (the first included) and a constant `delayMs` between them. Counting differs per library:
 * cockatiel's `maxAttempts: N` and p-retry's / async-retry's `retries: N` call N + 1 times.
 */
import asyncRetry from 'async-retry';
import { ConstantBackoff, retry as cockatielRetry, handleAll } from 'cockatiel';
import { backOff } from 'exponential-backoff';
import pRetry from 'p-retry';
import { Retryer } from '../src/index.js';

/** One run: call `op` with retries, optionally abortable by `signal`. */
export type Runner = (op: () => Promise<number>, signal?: AbortSignal) => Promise<number>;

export interface Schedule {
  /** Total calls allowed, the first included. */
  readonly attempts: number;
  /** The constant delay between attempts. */
  readonly delayMs: number;
}

export interface Contender {
  readonly name: string;
  /** `true` when aborting its signal ends a sleeping run at once. */
  readonly abortable: boolean;
  readonly make: (schedule: Schedule) => Runner;
}

export const retryer: Contender = {
  name: 'retrywise',
  abortable: true,
  make: ({ attempts, delayMs }) => {
    const r = new Retryer({
      maxAttempts: attempts,
      initialDelayMs: delayMs,
      maxDelayMs: delayMs,
      multiplier: 1,
      jitter: 'none',
      // Peers retry every error; retrywise classifies (a 503 is retryable with the full default
      // classifiers) and falls back to this for errors no classifier knows.
      unknownErrors: 'retry',
    });
    return (op, signal) => (signal === undefined ? r.run(op) : r.run(op, { signal }));
  },
};

export const pRetryContender: Contender = {
  name: 'p-retry 7',
  abortable: true,
  make: ({ attempts, delayMs }) => {
    const base = { retries: attempts - 1, minTimeout: delayMs, factor: 1, randomize: false };
    return (op, signal) => pRetry(op, signal === undefined ? base : { ...base, signal });
  },
};

export const cockatiel: Contender = {
  name: 'cockatiel 3',
  abortable: false,
  make: ({ attempts, delayMs }) => {
    const policy = cockatielRetry(handleAll, {
      maxAttempts: attempts - 1,
      backoff: new ConstantBackoff(delayMs),
    });
    return (op, signal) => policy.execute(op, signal);
  },
};

export const asyncRetryContender: Contender = {
  name: 'async-retry',
  abortable: false,
  make: ({ attempts, delayMs }) => {
    const options = {
      retries: attempts - 1,
      minTimeout: delayMs,
      maxTimeout: delayMs,
      factor: 1,
      randomize: false,
    };
    return (op) => asyncRetry(op, options);
  },
};

export const exponentialBackoff: Contender = {
  name: 'exponential-backoff',
  abortable: false,
  make: ({ attempts, delayMs }) => {
    const options = {
      numOfAttempts: attempts,
      startingDelay: delayMs,
      timeMultiple: 1,
      jitter: 'none' as const,
    };
    return (op) => backOff(op, options);
  },
};

export const contenders: readonly Contender[] = [
  retryer,
  pRetryContender,
  cockatiel,
  asyncRetryContender,
  exponentialBackoff,
];

export function contender(name: string): Contender {
  const found = contenders.find((c) => c.name === name);
  if (found === undefined) throw new Error(`unknown contender ${name}`);
  return found;
}

/** An error every library retries: an `Error` (p-retry) with HTTP status 503 (retryer). */
export const TRANSIENT: Error = Object.assign(new Error('503 Service Unavailable'), {
  status: 503,
});
