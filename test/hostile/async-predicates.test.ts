/**
 * Predicates are synchronous by contract, yet users write `async` ones (p-retry's `shouldRetry`
 * may be async). A classifier or `retryIf` that returns a promise must never leave a rejection
 * unhandled, and never be misread in silence.
 */
import { describe, expect, it } from 'vitest';
import { type Classifier, Retryer, retryable } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { Boom, settled, unhandledDuring } from '../support/helpers.js';

describe('an async classifier', () => {
  it('abstains, and its rejection is not left unhandled', async () => {
    const failure = new Boom('permanent?');
    const unhandled = await unhandledDuring(async () => {
      const retryer = new Retryer({
        classifiers: [
          (async () => {
            throw new Error('classifier broke');
          }) as unknown as Classifier,
        ],
      });
      const outcome = await settled(retryer.run(() => Promise.reject(failure)));
      expect(outcome).toEqual({ ok: false, error: failure });
    });
    expect(unhandled).toEqual([]);
  });

  it('that resolves to a verdict still abstains: the next classifier decides', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const retryer = new Retryer({
      clock,
      classifiers: [
        (async () => ({ retryable: false, reason: 'async' })) as unknown as Classifier,
        () => ({ retryable: true, reason: 'sync' }),
      ],
    });
    const run = retryer.run(() => (++calls < 2 ? Promise.reject(new Boom('x')) : 'ok'));
    await clock.runAll();
    await expect(run).resolves.toBe('ok');
    expect(calls).toBe(2);
  });
});

describe('retryIf that does not answer with a boolean', () => {
  const answers: [string, () => unknown][] = [
    ['a rejecting promise', () => Promise.reject(new Error('predicate broke'))],
    ['a promise of true', () => Promise.resolve(true)],
    ['a truthy number', () => 1],
    ['a string', () => 'yes'],
    ['undefined', () => undefined],
    ['null', () => null],
  ];
  it.each(answers)(
    'rejects the run with a TypeError naming retryIf when it returns %s',
    async (_, answer) => {
      const unhandled = await unhandledDuring(async () => {
        let calls = 0;
        const retryer = new Retryer({ initialDelayMs: 1, retryIf: answer as () => boolean });
        const outcome = await settled(
          retryer.run(() => {
            calls++;
            return 'value';
          }),
        );
        expect(outcome.ok).toBe(false);
        const error = (outcome as { error: unknown }).error;
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toMatch(/^retryIf must return a boolean, got /);
        expect(calls).toBe(1);
      });
      expect(unhandled).toEqual([]);
    },
  );

  it('a boolean answer still decides: false resolves, true retries', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const retryer = new Retryer({ clock, retryIf: (n: number) => n < 3 });
    const run = retryer.run(() => ++calls);
    await clock.runAll();
    await expect(run).resolves.toBe(3);
  });
});

describe('a marker with a misspelt option', () => {
  it('throws a TypeError naming the option, as the Retryer does', () => {
    expect(() => retryable(new Error('x'), { delay: 5 } as never)).toThrow(
      new TypeError("unknown retryable() option 'delay'; the only option is delayMs"),
    );
  });
});
