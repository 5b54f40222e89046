/** `call.cancel()` stops the retry effort at once, whether an attempt or a backoff is under way. */
import * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { grpcClassifier } from '../../src/classifiers/grpc.js';
import { retryInterceptor } from '../../src/grpc/index.js';
import { Retryer, type RetryOptions } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { callerSpy, createBucket, settleIo, until } from '../support/grpc-calls.js';
import { type ProvisionerClient, SteerableServer } from '../support/steerable-grpc-server.js';

const { UNAVAILABLE, CANCELLED } = grpc.status;

let server: SteerableServer;
const clients: ProvisionerClient[] = [];

beforeAll(async () => {
  server = await SteerableServer.start();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(() => server.close());

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
  const client = server.client({ interceptors: [spy.interceptor, retryInterceptor(retryer)] });
  clients.push(client);
  return { client, spy, retries: () => retries };
}

describe('retryInterceptor and call.cancel()', () => {
  it('ends a 60 s backoff at once with CANCELLED, as grpc-js reports a cancel', async () => {
    const { client, spy, retries } = setup({ initialDelayMs: 60_000 });
    server.steer([], { code: UNAVAILABLE });
    const { call, outcome } = createBucket(client, 'photos', {}, spy);
    await until(() => retries() === 1);
    const cancelledAt = performance.now();
    call.cancel();
    const { error, statuses } = await outcome;
    expect(performance.now() - cancelledAt).toBeLessThan(50);
    expect(error?.code).toBe(CANCELLED);
    expect(error?.details).toBe('Cancelled on client');
    expect(server.hits).toHaveLength(1);
    await settleIo();
    expect(statuses).toHaveLength(1);
  });

  it('releases the backoff timer: nothing is left pending on the clock', async () => {
    const clock = new FakeClock();
    const { client, retries } = setup({ initialDelayMs: 1_000, clock });
    server.steer([], { code: UNAVAILABLE });
    const { call, outcome } = createBucket(client, 'photos');
    await until(() => retries() === 1 && clock.pending === 1);
    call.cancel();
    const { error } = await outcome;
    expect(error?.code).toBe(CANCELLED);
    expect(clock.pending).toBe(0);
    await clock.runAll(); // nothing wakes up later to make another attempt
    await settleIo();
    expect(server.hits).toHaveLength(1);
  });

  it('cancels the attempt in flight: the server sees the cancel, the caller CANCELLED once', async () => {
    const { client, spy } = setup({ initialDelayMs: 1 });
    server.steer([{ delayMs: 60_000 }]);
    const { call, outcome } = createBucket(client, 'photos', {}, spy);
    await until(() => server.hits.length === 1);
    call.cancel();
    const { error, statuses } = await outcome;
    expect(error?.code).toBe(CANCELLED);
    await settleIo();
    expect(statuses).toHaveLength(1);
    expect(server.hits).toHaveLength(1);
  });

  it('stops when the retryer’s own signal aborts, reporting CANCELLED', async () => {
    const controller = new AbortController();
    const { client, retries } = setup({ initialDelayMs: 60_000, signal: controller.signal });
    server.steer([], { code: UNAVAILABLE });
    const { outcome } = createBucket(client, 'photos');
    await until(() => retries() === 1);
    controller.abort(new Error('shutting down'));
    const { error } = await outcome;
    expect(error?.code).toBe(CANCELLED);
    expect(error?.details).toBe('Cancelled: Error: shutting down');
    expect(server.hits).toHaveLength(1);
  });
});
