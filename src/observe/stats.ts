/**
 * Retry metrics from the hooks: four rates that tell how retries are doing (retry rate, success
 * after retry, attempts exhausted, average retries), plus counts.
 */
import type { GiveUpEvent, RetryEvent, SuccessEvent } from './events.js';
import type { GiveUpReason } from './retry-info.js';

/**
 * Counts and rates at one moment, from {@link RetryStats.snapshot}. Rates are 0 when their
 * denominator is 0.
 *
 * @public
 */
export interface RetryStatsSnapshot {
  /** Runs that finished: succeeded + failed + gaveUpWithResult. */
  readonly operations: number;
  /** Runs that succeeded, on any attempt. */
  readonly succeeded: number;
  /** Runs that succeeded on a retry (attempts ≥ 2). */
  readonly succeededAfterRetry: number;
  /** Runs that gave up and rejected, for any reason. */
  readonly failed: number;
  /**
   * Runs that gave up while `retryIf` still matched their value, and resolved with it: retrying
   * ran out, but the run did not fail.
   */
  readonly gaveUpWithResult: number;
  /**
   * Runs that gave up because retrying ran out, rejected or resolved: reasons `attempts`,
   * `deadline`, `hint-too-long`, `budget`.
   */
  readonly exhausted: number;
  /** Give-ups by reason, rejected or resolved. */
  readonly giveUps: Readonly<Record<GiveUpReason, number>>;
  /** Retries scheduled (one per `onRetry`). */
  readonly retries: number;
  /** Finished runs that retried at least once. */
  readonly operationsWithRetries: number;
  /** Retries by run name (`''` for unnamed runs): which operations retry most. */
  readonly retriesByName: Readonly<Record<string, number>>;
  /** retries / operations. */
  readonly retryRate: number;
  /** succeededAfterRetry / retries: the share of retries that ended a run in success. */
  readonly successAfterRetry: number;
  /** exhausted / operations: the share of runs that ran out of retrying. */
  readonly exhaustedRate: number;
  /** retries / operationsWithRetries. */
  readonly averageRetries: number;
}

/**
 * The hooks of {@link retryStats}, to spread into `RetryOptions`.
 *
 * @public
 */
export interface RetryStatsHooks {
  /** Counts a retry, by run name. */
  readonly onRetry: (event: RetryEvent) => void;
  /** Counts a give-up, by reason. */
  readonly onGiveUp: (event: GiveUpEvent) => void;
  /** Counts a success, and whether it came on a retry. */
  readonly onSuccess: (event: SuccessEvent) => void;
}

/**
 * A metrics collector: pass its hooks to retryers, read {@link RetryStats.snapshot} when you
 * export metrics.
 *
 * @public
 */
export interface RetryStats extends RetryStatsHooks {
  /** The three hooks alone: `new Retryer({ ...stats.hooks })`. */
  readonly hooks: RetryStatsHooks;
  /** The counts and rates now (a fresh, frozen object). */
  snapshot(): RetryStatsSnapshot;
  /** Sets every count back to 0. */
  reset(): void;
}

const EXHAUSTED: ReadonlySet<GiveUpReason> = new Set([
  'attempts',
  'deadline',
  'hint-too-long',
  'budget',
]);

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/**
 * Collects retry metrics through the hooks of any number of retryers.
 *
 * @example
 * ```ts
 * const stats = retryStats();
 * const retryer = new Retryer({ ...stats.hooks, maxAttempts: 5 });
 * await retryer.run(callService);
 * const { retryRate, successAfterRetry, exhaustedRate, averageRetries } = stats.snapshot();
 * ```
 * The rates: retries / operations, successful retries / retries, exhausted runs / operations,
 * retries / operations that retried.
 * @public
 */
export function retryStats(): RetryStats {
  let succeeded = 0;
  let succeededAfterRetry = 0;
  let retries = 0;
  let operationsWithRetries = 0;
  let gaveUpWithResult = 0;
  let giveUps: Record<GiveUpReason, number> = zeroGiveUps();
  let byName = new Map<string, number>();
  const hooks: RetryStatsHooks = Object.freeze({
    onRetry: (event: RetryEvent): void => {
      retries++;
      const name = typeof event.name === 'string' ? event.name : '';
      byName.set(name, (byName.get(name) ?? 0) + 1);
    },
    onGiveUp: (event: GiveUpEvent): void => {
      if (!Object.hasOwn(giveUps, event.reason)) return;
      giveUps[event.reason]++;
      if ('result' in event) gaveUpWithResult++;
      if (event.attempts > 1) operationsWithRetries++;
    },
    onSuccess: (event: SuccessEvent): void => {
      succeeded++;
      if (event.attempts > 1) {
        succeededAfterRetry++;
        operationsWithRetries++;
      }
    },
  });
  return Object.freeze({
    ...hooks,
    hooks,
    snapshot(): RetryStatsSnapshot {
      const gaveUp = Object.values(giveUps).reduce((sum, n) => sum + n, 0);
      const failed = gaveUp - gaveUpWithResult;
      const exhausted = [...EXHAUSTED].reduce((sum, reason) => sum + giveUps[reason], 0);
      const operations = succeeded + gaveUp;
      return Object.freeze({
        operations,
        succeeded,
        succeededAfterRetry,
        failed,
        gaveUpWithResult,
        exhausted,
        giveUps: Object.freeze({ ...giveUps }),
        retries,
        operationsWithRetries,
        retriesByName: Object.freeze(Object.fromEntries(byName)),
        retryRate: ratio(retries, operations),
        successAfterRetry: ratio(succeededAfterRetry, retries),
        exhaustedRate: ratio(exhausted, operations),
        averageRetries: ratio(retries, operationsWithRetries),
      });
    },
    reset(): void {
      succeeded = 0;
      succeededAfterRetry = 0;
      retries = 0;
      operationsWithRetries = 0;
      gaveUpWithResult = 0;
      giveUps = zeroGiveUps();
      byName = new Map();
    },
  });
}

function zeroGiveUps(): Record<GiveUpReason, number> {
  return {
    'non-retryable': 0,
    attempts: 0,
    deadline: 0,
    'hint-too-long': 0,
    budget: 0,
    aborted: 0,
    'throttled-locally': 0,
  };
}
