import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type AwsRetryToken, awsRetryStrategy } from '../../src/aws/index.js';
import {
  type Classifier,
  type GiveUpEvent,
  RetryBudget,
  type RetryEvent,
  Retryer,
  type RetryOptions,
  retryInfo,
  type SuccessEvent,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';

/** Retries errors whose `name` is in `names`, with the error's `hintMs` as delay hint. */
const byName =
  (...names: string[]): Classifier =>
  (error) => {
    const e = error as { name?: string; hintMs?: number };
    if (typeof e?.name !== 'string') return undefined;
    const retry = names.includes(e.name);
    return {
      retryable: retry,
      reason: e.name,
      ...(e.hintMs === undefined ? {} : { delayMs: e.hintMs }),
    };
  };

const slowDown = (extra: object = {}) =>
  Object.assign(new Error('slow down'), { name: 'SlowDown', ...extra });

function setup(options: RetryOptions = {}) {
  const clock = new FakeClock();
  const retryer = new Retryer({
    clock,
    random: () => 0.5,
    jitter: 'none',
    initialDelayMs: 100,
    classifiers: [byName('SlowDown', 'InternalError')],
    ...options,
  });
  return { clock, retryer, strategy: awsRetryStrategy(retryer) };
}

/** Refreshes like the SDK does, advancing the fake clock through the strategy's sleep. */
async function refresh(
  clock: FakeClock,
  strategy: ReturnType<typeof awsRetryStrategy>,
  token: AwsRetryToken,
  error: unknown,
  errorType = 'SERVER_ERROR',
): Promise<AwsRetryToken> {
  const next = strategy.refreshRetryTokenForRetry(token, { error, errorType });
  next.catch(() => {}); // Handled by the caller; not unhandled while the clock runs.
  await clock.runAll();
  return next;
}

describe(awsRetryStrategy.name, () => {
  it('is a RetryStrategyV2 for the S3 client option', () => {
    expectTypeOf(awsRetryStrategy(new Retryer())).toMatchTypeOf<
      NonNullable<S3ClientConfig['retryStrategy']>
    >();
    const strategy = awsRetryStrategy(new Retryer());
    expect(Object.keys(strategy).sort()).toEqual([
      'acquireInitialRetryToken',
      'applyToStack',
      'recordSuccess',
      'refreshRetryTokenForRetry',
    ]);
  });

  it('throws a TypeError at creation for anything but a Retryer', () => {
    expect(() => awsRetryStrategy({} as Retryer)).toThrow(TypeError);
    expect(() => awsRetryStrategy(null as unknown as Retryer)).toThrow(/Retryer/);
  });

  it('allows maxAttempts requests in all: maxAttempts − 1 refreshes succeed, then it throws', async () => {
    const { clock, strategy } = setup({ maxAttempts: 3 });
    let token = await strategy.acquireInitialRetryToken('');
    expect(token.getRetryCount()).toBe(0);
    token = await refresh(clock, strategy, token, slowDown());
    expect(token.getRetryCount()).toBe(1);
    token = await refresh(clock, strategy, token, slowDown());
    expect(token.getRetryCount()).toBe(2);
    const last = slowDown();
    await expect(refresh(clock, strategy, token, last)).rejects.toBe(last);
    expect(retryInfo(last)).toMatchObject({ attempts: 3, reason: 'attempts' });
  });

  it('sleeps on the retryer clock and hands the SDK a zero delay, reporting the time slept', async () => {
    const { clock, strategy } = setup({ maxAttempts: 4 });
    let token = await strategy.acquireInitialRetryToken('');
    token = await refresh(clock, strategy, token, slowDown());
    token = await refresh(clock, strategy, token, slowDown());
    expect(clock.sleeps).toEqual([100, 200]);
    expect(token.getRetryDelay()).toBe(0);
    expect((token as { $retryLog?: unknown }).$retryLog).toEqual({ acquisitionDelay: 200 });
  });

  it.each([
    ['THROTTLING', 'AccessDenied', false],
    ['CLIENT_ERROR', 'SlowDown', true],
    ['TRANSIENT', 'NoSuchKey', false],
    ['SERVER_ERROR', 'InternalError', true],
  ])('ignores the SDK errorType %s: %s is retried = %s', async (errorType, name, retried) => {
    const { clock, strategy } = setup();
    const token = await strategy.acquireInitialRetryToken('');
    const error = Object.assign(new Error(name), { name });
    const next = refresh(clock, strategy, token, error, errorType);
    if (retried) await expect(next).resolves.toMatchObject({});
    else await expect(next).rejects.toBe(error);
    expect(clock.sleeps).toHaveLength(retried ? 1 : 0);
  });

  it('raises the delay to a server hint from the classifiers', async () => {
    const { clock, strategy } = setup();
    const token = await strategy.acquireInitialRetryToken('');
    await refresh(clock, strategy, token, slowDown({ hintMs: 750 }));
    expect(clock.sleeps).toEqual([750]);
  });

  it('stops with reason hint-too-long when a hint exceeds maxDelayMs', async () => {
    const { clock, strategy } = setup({ maxDelayMs: 500 });
    const token = await strategy.acquireInitialRetryToken('');
    const error = slowDown({ hintMs: 60_000 });
    await expect(refresh(clock, strategy, token, error)).rejects.toBe(error);
    expect(retryInfo(error)?.reason).toBe('hint-too-long');
  });

  it('retries an error after which the SDK corrected its clock skew, whatever the classifiers say', async () => {
    const { clock, strategy } = setup({ classifiers: [] });
    const token = await strategy.acquireInitialRetryToken('');
    const skewed = Object.assign(new Error('skewed'), {
      name: 'RequestTimeTooSkewed',
      $metadata: { httpStatusCode: 403, clockSkewCorrected: true },
    });
    await expect(refresh(clock, strategy, token, skewed)).resolves.toMatchObject({});
    const denied = Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: {} });
    await expect(refresh(clock, strategy, token, denied)).rejects.toBe(denied);
  });

  it('reports retries and the give-up to hooks with the SDK error itself', async () => {
    const retries: RetryEvent[] = [];
    const giveUps: GiveUpEvent[] = [];
    const { clock, strategy } = setup({
      maxAttempts: 2,
      name: 's3',
      onRetry: (e) => retries.push(e),
      onGiveUp: (e) => giveUps.push(e),
    });
    const first = slowDown();
    const second = slowDown();
    const token = await refresh(
      clock,
      strategy,
      await strategy.acquireInitialRetryToken(''),
      first,
    );
    await expect(refresh(clock, strategy, token, second)).rejects.toBe(second);
    expect(retries).toMatchObject([{ attempt: 1, error: first, delayMs: 100, name: 's3' }]);
    expect(giveUps).toMatchObject([{ attempts: 2, error: second, reason: 'attempts' }]);
  });

  it('keeps the attempts of concurrent sends apart', async () => {
    const { clock, strategy } = setup({ maxAttempts: 2 });
    const a = await strategy.acquireInitialRetryToken('');
    const b = await strategy.acquireInitialRetryToken('');
    const a1 = await refresh(clock, strategy, a, slowDown());
    const b1 = await refresh(clock, strategy, b, slowDown());
    expect([a1.getRetryCount(), b1.getRetryCount()]).toEqual([1, 1]);
    await expect(refresh(clock, strategy, a1, slowDown())).rejects.toBeDefined();
  });

  it('spends and refills a shared budget', async () => {
    const budget = new RetryBudget({ maxTokens: 4, tokenRatio: 1 });
    const { clock, strategy } = setup({ budget, maxAttempts: 10 });
    let token = await strategy.acquireInitialRetryToken('');
    token = await refresh(clock, strategy, token, slowDown());
    expect(budget.tokens).toBe(3);
    strategy.recordSuccess(token);
    expect(budget.tokens).toBe(4);
    token = await refresh(clock, strategy, token, slowDown());
    const refused = slowDown();
    await expect(refresh(clock, strategy, token, refused)).rejects.toBe(refused);
    expect(retryInfo(refused)?.reason).toBe('budget');
  });

  it('records a success with onSuccess and never throws from recordSuccess', async () => {
    const successes: SuccessEvent[] = [];
    const broken = new RetryBudget({ maxTokens: 10, tokenRatio: 1 });
    broken.recordSuccess = () => {
      throw new Error('broken budget');
    };
    const { clock, strategy } = setup({ budget: broken, onSuccess: (e) => successes.push(e) });
    const token = await refresh(
      clock,
      strategy,
      await strategy.acquireInitialRetryToken(''),
      slowDown(),
    );
    expect(() => strategy.recordSuccess(token)).not.toThrow();
    expect(() => strategy.recordSuccess({} as AwsRetryToken)).not.toThrow();
    expect(() => strategy.recordSuccess(undefined as unknown as AwsRetryToken)).not.toThrow();
    const ok = setup({ onSuccess: (e) => successes.push(e) });
    const t = await refresh(
      ok.clock,
      ok.strategy,
      await ok.strategy.acquireInitialRetryToken(''),
      slowDown(),
    );
    ok.strategy.recordSuccess(t);
    expect(successes).toEqual([{ attempts: 2, elapsedMs: 100, name: undefined }]);
  });

  it('refuses a token it did not make', async () => {
    const { strategy } = setup();
    const foreign = { getRetryCount: () => 0, getRetryDelay: () => 0 };
    await expect(
      strategy.refreshRetryTokenForRetry(foreign, { error: slowDown(), errorType: 'THROTTLING' }),
    ).rejects.toThrow(TypeError);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'boom'],
    [
      'a Proxy that throws',
      new Proxy(
        {},
        {
          get() {
            throw new Error('trap');
          },
        },
      ),
    ],
  ])('survives a hostile error (%s): it stops without breaking', async (_, error) => {
    const { clock, strategy } = setup();
    const token = await strategy.acquireInitialRetryToken('');
    const rejection = await refresh(clock, strategy, token, error).then(
      () => 'resolved',
      (e: unknown) => (e === error ? 'rejected with the error' : 'rejected otherwise'),
    );
    expect(rejection).toBe('rejected with the error');
  });

  it('rejects at once when the retryer signal is aborted before the first attempt', async () => {
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    const { strategy } = setup({ signal: controller.signal });
    await expect(strategy.acquireInitialRetryToken('')).rejects.toThrow('shutting down');
  });

  it('stops when the retryer signal aborts during the delay, with reason aborted', async () => {
    const controller = new AbortController();
    const giveUps: GiveUpEvent[] = [];
    const { clock, strategy } = setup({
      signal: controller.signal,
      onGiveUp: (e) => giveUps.push(e),
    });
    const token = await strategy.acquireInitialRetryToken('');
    const error = slowDown();
    const next = strategy.refreshRetryTokenForRetry(token, { error, errorType: 'THROTTLING' });
    expect(clock.pending).toBe(1);
    controller.abort(new Error('stop'));
    await expect(next).rejects.toThrow('stop');
    expect(clock.pending).toBe(0);
    expect(retryInfo(error)).toMatchObject({ attempts: 1, reason: 'aborted' });
    expect(giveUps).toMatchObject([{ reason: 'aborted', error }]);
  });
});
