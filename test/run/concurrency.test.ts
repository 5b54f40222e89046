import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Retryer, retryable, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { settled } from '../support/helpers.js';

/** What one run's operation does on each call. */
const behaviour = fc.constantFrom('ok', 'transient', 'permanent', 'hang');
type Behaviour = 'ok' | 'transient' | 'permanent' | 'hang';

describe('Retryer.run — many runs on one Retryer (property)', () => {
  it('every run settles on its own terms; nothing stays pending; no run exceeds maxAttempts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            script: fc.array(behaviour, { minLength: 1, maxLength: 6 }),
            abortAtMs: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.integer({ min: 1, max: 6 }),
        async (runs, maxAttempts) => {
          const clock = new FakeClock();
          const retryer = new Retryer({
            clock,
            maxAttempts,
            attemptTimeoutMs: 500,
            initialDelayMs: 100,
            random: () => 0.5,
          });
          const started = runs.map(({ script, abortAtMs }) => {
            const controller = new AbortController();
            let calls = 0;
            const op = () => {
              const step: Behaviour = script[Math.min(calls, script.length - 1)] ?? 'ok';
              calls++;
              if (step === 'ok') return Promise.resolve(calls);
              if (step === 'transient') return Promise.reject(retryable(new Error(`t${calls}`)));
              if (step === 'permanent') return Promise.reject(new Error(`p${calls}`));
              return new Promise<never>(() => {});
            };
            const result = settled(retryer.run(op, { signal: controller.signal }));
            if (abortAtMs !== undefined) {
              clock.sleep(abortAtMs).then(() => controller.abort('aborted'));
            }
            return { result, calls: () => calls };
          });
          await clock.runAll();
          for (const { result, calls } of started) {
            const outcome = await result;
            expect(calls()).toBeLessThanOrEqual(maxAttempts);
            if (outcome.ok) expect(outcome.value).toBe(calls());
            else if (outcome.error !== 'aborted') {
              expect(retryInfo(outcome.error)?.attempts).toBe(calls());
            }
          }
          expect(clock.pending).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
