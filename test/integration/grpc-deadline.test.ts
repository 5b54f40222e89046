/**
 * The call deadline bounds the whole retry effort. grpc-js and the retryer run on fake
 * `setTimeout`/`Date` here (faking every timer would freeze grpc-js I/O); real I/O runs between
 * small steps of fake time, so a 400 ms deadline takes a few ms of real time.
 */
import { setImmediate as realSetImmediate } from 'node:timers';
import * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { grpcClassifier, grpcPresets } from '../../src/classify/classifiers/grpc.js';
import { retryInterceptor } from '../../src/grpc/index.js';
import { Retryer } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { type CallOutcome, callerSpy, createBucket, until } from '../support/grpc-calls.js';
import { type ProvisionerClient, SteerableServer } from '../support/steerable-grpc-server.js';

const { UNAVAILABLE, DEADLINE_EXCEEDED } = grpc.status;
const DEADLINE_MS = 400;
const STEP_MS = 2;

let server: SteerableServer;
let client: ProvisionerClient;
const spy = callerSpy();

beforeAll(async () => {
  server = await SteerableServer.start();
  const retryer = new Retryer({
    maxAttempts: 1_000,
    initialDelayMs: 20,
    multiplier: 1,
    jitter: 'none',
    classifiers: [grpcClassifier({ retryableCodes: grpcPresets.idempotent })],
  });
  client = server.client({ interceptors: [spy.interceptor, retryInterceptor(retryer)] });
  server.steer([]);
  await createBucket(client, 'warm-up').outcome; // connect on real time
});
beforeEach(() => {
  spy.statuses.length = 0;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => {
  client.close();
  server.close();
});

/** Runs real I/O and fake time side by side until `outcome` settles. */
async function drive(outcome: Promise<CallOutcome>): Promise<CallOutcome> {
  let result: CallOutcome | undefined;
  outcome.then((r) => {
    result = r;
  });
  const start = performance.now();
  while (result === undefined) {
    if (performance.now() - start > 5_000) throw new Error('the call never ended');
    await new Promise((resolve) => realSetImmediate(resolve));
    await vi.advanceTimersByTimeAsync(STEP_MS);
  }
  return result;
}

describe('retryInterceptor and the call deadline', () => {
  it('ends within a 400 ms deadline when every attempt fails with a retryable code', async () => {
    server.steer([], { code: UNAVAILABLE });
    const t0 = Date.now();
    const { outcome } = createBucket(client, 'photos', { deadline: t0 + DEADLINE_MS }, spy);
    const { error, statuses } = await drive(outcome);
    const endedAt = Date.now();
    expect(endedAt - t0).toBeLessThanOrEqual(DEADLINE_MS);
    expect(error?.code).toBe(UNAVAILABLE); // the last attempt's status: no sleep passed the deadline
    expect(server.hits.length).toBeGreaterThanOrEqual(2);
    for (const hit of server.hits) expect(hit.at).toBeLessThan(t0 + DEADLINE_MS);
    expect(statuses).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives each attempt the time that remains, and the deadline cuts the last one', async () => {
    server.steer([{ code: UNAVAILABLE, delayMs: 150 }], { delayMs: 60_000 });
    const t0 = Date.now();
    const { outcome } = createBucket(client, 'photos', { deadline: t0 + DEADLINE_MS }, spy);
    const { error, statuses } = await drive(outcome);
    expect(error?.code).toBe(DEADLINE_EXCEEDED);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(DEADLINE_MS);
    expect(Date.now() - t0).toBeLessThanOrEqual(DEADLINE_MS + 4 * STEP_MS);
    expect(server.hits).toHaveLength(2);
    for (const hit of server.hits) {
      // The server derives each attempt's deadline from its grpc-timeout: the call's end time,
      // give or take the transit time, not a fresh 400 ms (which would be 570 ms for attempt 2).
      expect(Math.abs(hit.deadline - (t0 + DEADLINE_MS))).toBeLessThanOrEqual(50);
    }
    expect(statuses).toHaveLength(1);
  });

  it('does not start a backoff that would end past the deadline: it reports at once', async () => {
    const pushback = { 'grpc-retry-pushback-ms': '250' };
    server.steer([{ code: UNAVAILABLE, delayMs: 200, trailers: pushback }], { code: UNAVAILABLE });
    const t0 = Date.now();
    const { outcome } = createBucket(client, 'photos', { deadline: t0 + DEADLINE_MS }, spy);
    const { error } = await drive(outcome);
    // At ~200 ms, the server's 250 ms pushback would end past the deadline: stop with attempt 1.
    expect(server.hits).toHaveLength(1);
    expect(error?.code).toBe(UNAVAILABLE);
    expect(error?.metadata.get('grpc-retry-pushback-ms')).toEqual(['250']);
    expect(Date.now() - t0).toBeLessThan(DEADLINE_MS - 100);
  });

  it('starts no attempt once the deadline has passed, even when a backoff was allowed', async () => {
    // The retryer sleeps on a FakeClock while the wall clock (Date) jumps past the deadline.
    const clock = new FakeClock();
    const retryer = new Retryer({
      clock,
      initialDelayMs: 10,
      jitter: 'none',
      classifiers: [grpcClassifier()],
    });
    const late = server.client({ interceptors: [retryInterceptor(retryer)] });
    server.steer([], { code: UNAVAILABLE });
    const { outcome } = createBucket(late, 'photos', { deadline: Date.now() + DEADLINE_MS });
    await until(() => clock.pending === 1);
    vi.setSystemTime(Date.now() + DEADLINE_MS);
    await clock.advance(10);
    const { error } = await outcome;
    expect(error?.code).toBe(DEADLINE_EXCEEDED);
    expect(error?.details).toBe('Deadline exceeded');
    expect(server.hits).toHaveLength(1);
    late.close();
  });
});
