/** `grpc-retry-pushback-ms` (gRPC A6): a delay the retryer waits, or a "do not retry". */
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { grpcClassifier } from '../../src/classify/classifiers/grpc.js';
import { retryInterceptor } from '../../src/grpc/index.js';
import { Retryer } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { createBucket, settleIo, until } from '../support/grpc-calls.js';
import type { ProvisionerClient } from '../support/steerable-grpc-server.js';
import { useSteerableServer } from '../support/use-grpc-server.js';

const { UNAVAILABLE } = grpc.status;
const PUSHBACK = 'grpc-retry-pushback-ms';

const driver = useSteerableServer();
let clock: FakeClock;
let client: ProvisionerClient;

/** `random: () => 0` makes the backoff itself 0 ms: every delay seen is the server's. */
function connect(): void {
  clock = new FakeClock();
  const retryer = new Retryer({ clock, random: () => 0, classifiers: [grpcClassifier()] });
  client = driver.client({ interceptors: [retryInterceptor(retryer)] });
}

describe('retryInterceptor and server pushback', () => {
  it.each([
    ['-1', 'a negative value'],
    ['soon', 'garbage'],
    ['1.5', 'a fraction'],
    ['', 'an empty value'],
  ])('does not retry after pushback %j (%s)', async (value) => {
    connect();
    driver.steer([{ code: UNAVAILABLE, details: 'go away', trailers: { [PUSHBACK]: value } }]);
    const { error } = await createBucket(client, 'photos').outcome;
    expect(driver.hits).toHaveLength(1);
    expect(error?.code).toBe(UNAVAILABLE);
    expect(error?.details).toBe('go away');
    expect(error?.metadata.get(PUSHBACK)).toEqual([value]);
    expect(clock.sleeps).toEqual([]);
  });

  it('waits a pushback of 120 ms before the next attempt, not a moment less', async () => {
    connect();
    driver.steer([{ code: UNAVAILABLE, trailers: { [PUSHBACK]: '120' } }]);
    const { outcome } = createBucket(client, 'photos');
    await until(() => clock.pending === 1);
    expect(clock.sleeps).toEqual([120]);
    await clock.advance(119);
    await settleIo();
    expect(driver.hits).toHaveLength(1);
    await clock.advance(1);
    const { error, response } = await outcome;
    expect(error).toBeNull();
    expect(response).toEqual({ bucket_id: 'bucket-photos' });
    expect(driver.hits).toHaveLength(2);
  });

  it('gives up rather than wait a pushback beyond maxDelayMs', async () => {
    connect();
    driver.steer([{ code: UNAVAILABLE, trailers: { [PUSHBACK]: '60000' } }]);
    const { error } = await createBucket(client, 'photos').outcome;
    expect(error?.code).toBe(UNAVAILABLE);
    expect(driver.hits).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});
