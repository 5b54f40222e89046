/**
 * retryInterceptor against a real grpc-js server: what is retried, what the server sees on each
 * attempt, and what the caller is told.
 */
import * as grpc from '@grpc/grpc-js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { grpcClassifier, grpcPresets } from '../../src/classify/classifiers/grpc.js';
import { retryInterceptor } from '../../src/grpc/index.js';
import { type RetryEvent, Retryer, type RetryOptions } from '../../src/index.js';
import { callerSpy, createBucket, until } from '../support/grpc-calls.js';
import { type ProvisionerClient, SEED_LONG_BUCKET_NAME } from '../support/steerable-grpc-server.js';
import { useSteerableServer } from '../support/use-grpc-server.js';

const { UNAVAILABLE, INTERNAL, INVALID_ARGUMENT, OK } = grpc.status;

const driver = useSteerableServer();

/** A client whose calls go through the retry interceptor (default classifiers), under a spy. */
function clientWith(options: RetryOptions = {}) {
  const retryer = new Retryer({ initialDelayMs: 2, maxDelayMs: 20, ...options });
  const spy = callerSpy();
  const client = driver.client({ interceptors: [spy.interceptor, retryInterceptor(retryer)] });
  return { client, spy };
}

/** Makes one call, so that no attempt timeout below is spent connecting. */
async function connected(client: ProvisionerClient): Promise<void> {
  driver.steer([]);
  await createBucket(client, 'warm-up').outcome;
}

describe(retryInterceptor.name, () => {
  it('retries UNAVAILABLE twice, then the caller sees OK after 3 server hits', async () => {
    const { client, spy } = clientWith();
    driver.steer([{ code: UNAVAILABLE }, { code: UNAVAILABLE }]);
    const { error, response, statuses } = await createBucket(client, 'photos', {}, spy).outcome;
    expect(error).toBeNull();
    expect(response).toEqual({ bucket_id: 'bucket-photos' });
    expect(driver.hits).toHaveLength(3);
    expect(statuses.map((s) => s.code)).toEqual([OK]);
  });

  it('keeps each concurrent call on its own: one retryer, 10 calls, each retried once', async () => {
    const { client, spy } = clientWith();
    driver.steer(Array.from({ length: 10 }, () => ({ code: UNAVAILABLE })));
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => createBucket(client, `b${i}`, {}, spy).outcome),
    );
    expect(outcomes.map((o) => o.response?.bucket_id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `bucket-b${i}`),
    );
    expect(driver.hits).toHaveLength(20);
    expect(spy.statuses).toHaveLength(10);
  });

  it("fails the seed's >63-character bucket name after 1 hit with the server's own details", async () => {
    const { client, spy } = clientWith({ maxAttempts: 10 });
    driver.steer([]);
    const { error, statuses } = await createBucket(client, SEED_LONG_BUCKET_NAME, {}, spy).outcome;
    expect(driver.hits).toHaveLength(1);
    expect(error?.code).toBe(INVALID_ARGUMENT);
    expect(error?.details).toBe(
      `Invalid bucket name "${SEED_LONG_BUCKET_NAME}": 70 characters, at most 63 - will not retry`,
    );
    expect(statuses).toHaveLength(1);
  });

  describe('with the COSI preset', () => {
    const cosi = { classifiers: [grpcClassifier({ retryableCodes: grpcPresets.cosi })] };

    it('retries INTERNAL', async () => {
      const { client } = clientWith(cosi);
      driver.steer([{ code: INTERNAL }, { code: INTERNAL }]);
      const { error } = await createBucket(client, 'photos').outcome;
      expect(error).toBeNull();
      expect(driver.hits).toHaveLength(3);
    });

    it('does not retry UNAVAILABLE', async () => {
      const { client } = clientWith(cosi);
      driver.steer([{ code: UNAVAILABLE, details: 'backend down' }]);
      const { error } = await createBucket(client, 'photos').outcome;
      expect(error?.code).toBe(UNAVAILABLE);
      expect(error?.details).toBe('backend down');
      expect(driver.hits).toHaveLength(1);
    });
  });

  it('decides by the gRPC code first: INVALID_ARGUMENT that mentions ECONNREFUSED fails at once', async () => {
    const { client } = clientWith({ maxAttempts: 5 });
    driver.steer([{ code: INVALID_ARGUMENT, details: 'upstream said: connect ECONNREFUSED' }]);
    const { error } = await createBucket(client, 'photos').outcome;
    expect(error?.code).toBe(INVALID_ARGUMENT);
    expect(driver.hits).toHaveLength(1);
  });

  it('sends the same metadata on every attempt, saying how many came before (A6)', async () => {
    const { client } = clientWith();
    driver.steer([{ code: UNAVAILABLE }, { code: UNAVAILABLE }]);
    const metadata = new grpc.Metadata();
    metadata.set('x-request-id', 'req-42');
    metadata.set('authorization', 'Bearer t0ken');
    metadata.set('trace-bin', Buffer.from([1, 2, 3]));
    await createBucket(client, 'photos', { metadata }).outcome;
    expect(driver.hits).toHaveLength(3);
    for (const hit of driver.hits) {
      expect(hit.name).toBe('photos');
      expect(hit.metadata.get('x-request-id')).toEqual(['req-42']);
      expect(hit.metadata.get('authorization')).toEqual(['Bearer t0ken']);
      expect(hit.metadata.get('trace-bin')).toEqual([Buffer.from([1, 2, 3])]);
    }
    expect(driver.hits.map((h) => h.metadata.get('grpc-previous-rpc-attempts'))).toEqual([
      [],
      ['1'],
      ['2'],
    ]);
    expect(metadata.get('grpc-previous-rpc-attempts')).toEqual([]); // the caller's is untouched
  });

  it('reports only the last attempt: its status, details and trailers, exactly once', async () => {
    const { client, spy } = clientWith({ maxAttempts: 3 });
    driver.steer(
      [1, 2, 3].map((n) => ({
        code: UNAVAILABLE,
        details: `down (${n})`,
        trailers: { 'x-attempt': String(n) },
      })),
    );
    const { error, statuses } = await createBucket(client, 'photos', {}, spy).outcome;
    expect(driver.hits).toHaveLength(3);
    expect(error?.code).toBe(UNAVAILABLE);
    expect(error?.details).toBe('down (3)');
    expect(error?.message).toBe('14 UNAVAILABLE: down (3)');
    expect(error?.metadata.get('x-attempt')).toEqual(['3']);
    expect(statuses).toHaveLength(1);
  });

  it("delivers the successful attempt's headers and trailers once", async () => {
    const { client, spy } = clientWith();
    driver.steer([{ code: UNAVAILABLE }, { trailers: { 'x-served-by': 'node-2' } }]);
    const { call, outcome } = createBucket(client, 'photos', {}, spy);
    const seen: grpc.StatusObject[] = [];
    call.on('status', (status: grpc.StatusObject) => seen.push(status));
    const { error, headers } = await outcome;
    expect(error).toBeNull();
    expect(headers).toHaveLength(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.metadata.get('x-served-by')).toEqual(['node-2']);
  });

  it("answers getPeer() and getAuthContext() from the attempt's call", async () => {
    const { client } = clientWith();
    driver.steer([{ code: UNAVAILABLE }]);
    const { call, outcome } = createBucket(client, 'photos');
    await outcome;
    const plain = createBucket(driver.client(), 'photos');
    await plain.outcome;
    expect(call.getPeer()).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(call.getPeer()).toBe(plain.call.getPeer());
    expect(call.getAuthContext()).toEqual(plain.call.getAuthContext());
    expect(call.getAuthContext()).not.toBeNull();
  });

  it('tells hooks about each failed attempt with its gRPC code, details and trailers', async () => {
    const events: RetryEvent[] = [];
    const { client } = clientWith({ onRetry: (event) => events.push(event) });
    driver.steer([{ code: UNAVAILABLE, details: 'busy', trailers: { 'x-node': 'a' } }]);
    await createBucket(client, 'photos').outcome;
    expect(events).toHaveLength(1);
    const error = events[0]?.error as grpc.ServiceError;
    expect(error).toBeInstanceOf(Error);
    expect([error.code, error.details, error.metadata.get('x-node')]).toEqual([
      UNAVAILABLE,
      'busy',
      ['a'],
    ]);
    expect(events[0]?.verdict).toMatchObject({ retryable: true, reason: 'grpc UNAVAILABLE' });
  });

  it('retries an OK response that retryIf matches, and delivers the last one', async () => {
    const seen: unknown[] = [];
    const retryIf = (response: unknown) => seen.push(response) < 3;
    const { client } = clientWith({ retryIf, maxAttempts: 2 });
    driver.steer([]);
    const { error, response } = await createBucket(client, 'photos').outcome;
    expect(error).toBeNull();
    expect(response).toEqual({ bucket_id: 'bucket-photos' });
    expect(seen).toEqual([{ bucket_id: 'bucket-photos' }, { bucket_id: 'bucket-photos' }]);
    expect(driver.hits).toHaveLength(2);
  });

  it('stops after maxAttempts', async () => {
    const { client } = clientWith({ maxAttempts: 4 });
    driver.steer([], { code: UNAVAILABLE });
    const { error } = await createBucket(client, 'photos').outcome;
    expect(error?.code).toBe(UNAVAILABLE);
    expect(driver.hits).toHaveLength(4);
  });

  it('abandons an attempt that outlives attemptTimeoutMs, cancels it, and retries', async () => {
    const { client } = clientWith({ attemptTimeoutMs: 30 });
    await connected(client);
    driver.steer([{ delayMs: 60_000 }]);
    const { error, response } = await createBucket(client, 'photos').outcome;
    expect(error).toBeNull();
    expect(response).toEqual({ bucket_id: 'bucket-photos' });
    expect(driver.hits).toHaveLength(2);
  });

  it('reports DEADLINE_EXCEEDED when the last attempt times out', async () => {
    const { client } = clientWith({ attemptTimeoutMs: 20, maxAttempts: 2 });
    await connected(client);
    driver.steer([], { delayMs: 60_000 });
    const { error } = await createBucket(client, 'photos').outcome;
    expect(error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(error?.details).toBe('attempt timed out after 20 ms');
    expect(driver.hits).toHaveLength(2);
  });

  it('fails with UNKNOWN, without a retry, when the channel is closed during the backoff', async () => {
    let backingOff = false;
    const { client } = clientWith({
      initialDelayMs: 30,
      jitter: 'none',
      onRetry: () => {
        backingOff = true;
      },
    });
    driver.steer([{ code: UNAVAILABLE }]);
    const { outcome } = createBucket(client, 'photos');
    await until(() => backingOff);
    client.close();
    const { error } = await outcome;
    expect(error?.code).toBe(grpc.status.UNKNOWN);
    expect(error?.details).toMatch(/Channel has been shut down/);
    expect(driver.hits).toHaveLength(1);
  });

  describe('beside grpc-js service-config retries', () => {
    const serviceConfig = JSON.stringify({
      methodConfig: [
        {
          name: [{ service: 'retrywise.test.Provisioner' }],
          retryPolicy: {
            maxAttempts: 3,
            initialBackoff: '0.001s',
            maxBackoff: '0.002s',
            backoffMultiplier: 1,
            retryableStatusCodes: ['UNAVAILABLE'],
          },
        },
      ],
    });

    it.each([
      ['multiplies attempts when both retry (3 × 2 = 6 hits)', 1, 6],
      ["makes only its own attempts with 'grpc.enable_retries': 0", 0, 2],
    ])('%s', async (_, enableRetries, hits) => {
      const retryer = new Retryer({
        maxAttempts: 2,
        initialDelayMs: 1,
        classifiers: [grpcClassifier()],
      });
      const client = driver.client({
        interceptors: [retryInterceptor(retryer)],
        'grpc.service_config': serviceConfig,
        'grpc.enable_retries': enableRetries,
      });
      driver.steer([], { code: UNAVAILABLE });
      const { error } = await createBucket(client, 'photos').outcome;
      expect(error?.code).toBe(UNAVAILABLE);
      expect(driver.hits).toHaveLength(hits);
    });
  });

  it('is a grpc-js Interceptor, and throws a TypeError for anything but a Retryer', () => {
    expectTypeOf(retryInterceptor).returns.toEqualTypeOf<grpc.Interceptor>();
    expect(() => retryInterceptor({} as Retryer)).toThrow(TypeError);
    expect(() => retryInterceptor(null as unknown as Retryer)).toThrow(
      'expected a Retryer made by new Retryer(options)',
    );
  });
});
