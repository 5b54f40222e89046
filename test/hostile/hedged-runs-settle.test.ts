/**
 * The standing property, for hedging runs: whatever the attempts do and whenever they do it
 * (before or after the winner), whatever they throw, whatever the options, budget, observers and
 * abort, every hedged run settles exactly once (one onSuccess or onGiveUp, no hook after it),
 * nothing goes unhandled, and nothing is left behind: no pending sleep, no abort listener.
 */
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RetryBudget, Retryer, type RetryOptions, retryable } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { type StartedAttempt, steered } from '../support/hedging.js';
import { unhandledDuring } from '../support/helpers.js';
import { hostile } from '../support/hostile-values.js';

const thrown = fc.oneof(
  fc.anything().map((value) => () => value),
  fc.constantFrom(...hostile.map(([, make]) => make)),
);

const kind = fc.constantFrom('resolve', 'matched', 'throw', 'retryable', 'hinted');

/** What the test does next: move time, then maybe settle one attempt (by index) one way. */
const step = fc.record({
  advanceMs: fc.integer({ min: 0, max: 300 }),
  index: fc.integer({ min: 0, max: 5 }),
  kind,
  hintMs: fc.integer({ min: 0, max: 2_000 }),
});

const options = fc.record(
  {
    maxAttempts: fc.integer({ min: 1, max: 5 }),
    hedgeDelayMs: fc.integer({ min: 0, max: 200 }),
    maxDelayMs: fc.integer({ min: 0, max: 1_000 }),
    maxElapsedMs: fc.integer({ min: 0, max: 1_000 }),
    totalTimeoutMs: fc.integer({ min: 1, max: 1_500 }),
    attemptTimeoutMs: fc.integer({ min: 1, max: 500 }),
    unknownErrors: fc.constantFrom<'fail' | 'retry'>('fail', 'retry'),
  },
  { requiredKeys: ['maxAttempts', 'hedgeDelayMs'] },
);

const behaviour = fc.constantFrom('quiet', 'throws', 'rejects');
function observer(kind: string, record: () => void): () => unknown {
  return () => {
    record();
    if (kind === 'throws') throw new Error('observer threw');
    if (kind === 'rejects') return Promise.reject(new Error('observer rejected'));
    return undefined;
  };
}

function settle(attempt: StartedAttempt, how: string, value: unknown, hintMs: number): void {
  if (how === 'resolve') attempt.resolve('done');
  else if (how === 'matched') attempt.resolve('pending');
  else if (how === 'throw') attempt.reject(value);
  else if (how === 'retryable') attempt.reject(retryable(value));
  else attempt.reject(retryable(value, { delayMs: hintMs }));
}

describe('every hedged run settles once and leaves nothing behind', () => {
  it('on a FakeClock: any attempt timing, thrown value, options, observers, budget and abort', async () => {
    await fc.assert(
      fc.asyncProperty(
        thrown,
        options,
        fc.array(step, { maxLength: 12 }),
        behaviour,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 1_000 }), { nil: undefined }),
        async (make, opts, steps, observe, withBudget, withRetryIf, ownSignal, abortAtMs) => {
          const clock = new FakeClock();
          const { op, started } = steered(clock);
          const shutdown = new AbortController();
          const own = new AbortController();
          const ends: string[] = [];
          let hooksAfterEnd = 0;
          const during = (name: string) => () => {
            if (ends.length > 0) hooksAfterEnd++;
            if (name !== 'onRetry') ends.push(name);
          };
          const quiet = observer(observe, () => {});
          const budget = withBudget
            ? new RetryBudget({ maxTokens: 2, tokenRatio: 0.5, minRetriesPerSecond: 1, clock })
            : undefined;
          const retryer = new Retryer({
            ...(opts as RetryOptions),
            clock,
            signal: shutdown.signal,
            onRetry: observer(observe, during('onRetry')),
            onGiveUp: observer(observe, during('onGiveUp')),
            onSuccess: observer(observe, during('onSuccess')),
            logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
            ...(withRetryIf ? { retryIf: (v: unknown) => v === 'pending' } : {}),
            ...(budget === undefined ? {} : { budget }),
          });
          const done = new Set<StartedAttempt>();
          const settleOnce = (attempt: StartedAttempt | undefined, how: string, hintMs = 0) => {
            if (attempt === undefined || done.has(attempt)) return;
            done.add(attempt);
            settle(attempt, how, make(), hintMs);
          };
          let pendingAtEnd: number | undefined;
          const unhandled = await unhandledDuring(async () => {
            let outcome: string | undefined;
            // Without a run signal, the attempts follow the retryer's long-lived one directly.
            retryer.run(op, ownSignal ? { signal: own.signal } : {}).then(
              () => {
                outcome = 'resolved';
                pendingAtEnd = clock.pending;
              },
              () => {
                outcome = 'rejected';
                pendingAtEnd = clock.pending;
              },
            );
            let t = 0;
            for (const s of steps) {
              if (abortAtMs !== undefined && t <= abortAtMs && abortAtMs < t + s.advanceMs) {
                await clock.advance(abortAtMs - t);
                (ownSignal ? own : shutdown).abort(new Error('caller gave up'));
              }
              await clock.advance(s.advanceMs);
              t += s.advanceMs;
              settleOnce(started[s.index], s.kind, s.hintMs);
            }
            // Whatever still hangs fails now, one by one, until the run has settled.
            for (let i = 0; outcome === undefined && i < 20; i++) {
              await clock.runAll();
              for (const attempt of started) settleOnce(attempt, 'retryable');
            }
            await clock.runAll();
            expect(outcome).toBeDefined();
            // Late settlements: every attempt still open rejects after the end.
            for (const attempt of started) settleOnce(attempt, 'throw');
            await clock.runAll();
          });
          expect(unhandled).toEqual([]);
          expect(ends).toHaveLength(1);
          expect(hooksAfterEnd).toBe(0);
          expect(pendingAtEnd).toBe(0); // the run stopped its own sleeps when it settled
          expect(clock.pending).toBe(0);
          expect(started.length).toBeLessThanOrEqual(opts.maxAttempts);
          expect(getEventListeners(shutdown.signal, 'abort')).toEqual([]);
          expect(getEventListeners(own.signal, 'abort')).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
