/** `call.cancel()` stops the retry effort at once, whether an attempt or a backoff is under way. */
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { grpcClassifier } from '../../src/classify/classifiers/grpc.js';
import { retryInterceptor } from '../../src/grpc/index.js';
import { Retryer, type RetryOptions } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { callerSpy, createBucket, settleIo, until } from '../support/grpc-calls.js';
import { useSteerableServer } from '../support/use-grpc-server.js';

const { UNAVAILABLE, CANCELLED } = grpc.status;

const driver = useSteerableServer();

function setup(options: RetryOptions) {
  let retries = 0;
  const retryer = new Retryer({
    classifiers: [grpcClassifier()],
    jitter: 'none',
    ...options,
    onRetry: () => {
      retries++;
    },
  });
  const spy = callerSpy();
  const client = driver.client({ interceptors: [spy.interceptor, retryInterceptor(retryer)] });
  return { client, spy, retries: () => retries };
}

describe('retryInterceptor and call.cancel()', () => {
  it('ends a 60 s backoff at once with CANCELLED, as grpc-js reports a cancel', async () => {
    const { client, spy, retries } = setup({ initialDelayMs: 60_000 });
    driver.steer([], { code: UNAVAILABLE });
    const { call, outcome } = createBucket(client, 'photos', {}, spy);
    await until(() => retries() === 1);
    const cancelledAt = performance.now();
    call.cancel();
    const { error, statuses } = await outcome;
    expect(performance.now() - cancelledAt).toBeLessThan(500); // not 60 s
    expect(error?.code).toBe(CANCELLED);
    expect(error?.details).toBe('Cancelled on client');
    expect(driver.hits).toHaveLength(1);
    await settleIo();
    expect(statuses).toHaveLength(1);
  });

  it('releases the backoff timer: nothing is left pending on the clock', async () => {
    const clock = new FakeClock();
    const { client, retries } = setup({ initialDelayMs: 1_000, clock });
    driver.steer([], { code: UNAVAILABLE });
    const { call, outcome } = createBucket(client, 'photos');
    await until(() => retries() === 1 && clock.pending === 1);
    call.cancel();
    const { error } = await outcome;
    expect(error?.code).toBe(CANCELLED);
    expect(clock.pending).toBe(0);
    await clock.runAll(); // nothing wakes up later to make another attempt
    await settleIo();
    expect(driver.hits).toHaveLength(1);
  });

  it('cancels the attempt in flight: the server sees the cancel, the caller CANCELLED once', async () => {
    const { client, spy } = setup({ initialDelayMs: 1 });
    driver.steer([{ delayMs: 60_000 }]);
    const { call, outcome } = createBucket(client, 'photos', {}, spy);
    await until(() => driver.hits.length === 1);
    call.cancel();
    const { error, statuses } = await outcome;
    expect(error?.code).toBe(CANCELLED);
    await settleIo();
    expect(statuses).toHaveLength(1);
    expect(driver.hits).toHaveLength(1);
  });

  it('stops when the retryer’s own signal aborts, reporting CANCELLED', async () => {
    const controller = new AbortController();
    const { client, retries } = setup({ initialDelayMs: 60_000, signal: controller.signal });
    driver.steer([], { code: UNAVAILABLE });
    const { outcome } = createBucket(client, 'photos');
    await until(() => retries() === 1);
    controller.abort(new Error('shutting down'));
    const { error } = await outcome;
    expect(error?.code).toBe(CANCELLED);
    expect(error?.details).toBe('Cancelled: Error: shutting down');
    expect(driver.hits).toHaveLength(1);
  });

  it('cancels the attempt in flight when the retryer’s own signal aborts', async () => {
    const controller = new AbortController();
    const { client } = setup({ initialDelayMs: 1, signal: controller.signal });
    driver.steer([{ delayMs: 60_000 }]);
    const { outcome } = createBucket(client, 'photos');
    await until(() => driver.hits.length === 1);
    controller.abort(new Error('shutting down'));
    const { error } = await outcome;
    expect(error?.code).toBe(CANCELLED);
    expect(driver.hits).toHaveLength(1);
  });

  it('stops mid-backoff when the parent server call is cancelled (propagate CANCELLATION)', async () => {
    const { client, retries } = setup({ initialDelayMs: 60_000 });
    driver.steer([], { code: UNAVAILABLE });
    const parent = Object.assign(new EventEmitter(), { getDeadline: () => Infinity });
    const outcome = new Promise<grpc.ServiceError | null>((resolve) => {
      const options = { parent: parent as unknown as grpc.CallOptions['parent'] };
      client.DriverCreateBucket({ name: 'photos' }, new grpc.Metadata(), options, resolve);
    });
    await until(() => retries() === 1);
    parent.emit('cancelled');
    const error = await outcome;
    expect(error?.code).toBe(CANCELLED);
    expect(error?.details).toBe('Cancelled by parent call');
    // Ours is removed; grpc-js leaves its own, one per attempt made.
    expect(parent.listenerCount('cancelled')).toBe(1);
  });
});
