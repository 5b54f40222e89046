/**
 * What each attempt sends is what the caller sent when it made the call: the message and the
 * metadata are snapshots, and the caller's objects stay untouched. And the caller's error tells
 * its history through retryInfo.
 */
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { retryInterceptor } from '../../src/grpc/index.js';
import { Retryer, retryInfo } from '../../src/index.js';
import type { EchoMessage } from '../support/echo-server.js';
import { useEchoServer } from '../support/use-echo-server.js';

const { UNAVAILABLE, INVALID_ARGUMENT } = grpc.status;

const echo = useEchoServer();

function client() {
  const retryer = new Retryer({ initialDelayMs: 1, maxDelayMs: 5, jitter: 'none' });
  return echo.client({ interceptors: [retryInterceptor(retryer)] });
}

function call(
  c: ReturnType<typeof client>,
  request: EchoMessage,
  metadata: grpc.Metadata,
): Promise<{ error: grpc.ServiceError | null; response: EchoMessage | undefined }> {
  return new Promise((resolve) => {
    c.Echo(request, metadata, {}, (error, response) => resolve({ error, response }));
  });
}

describe('each attempt', () => {
  it('sends the message and metadata as they were when the call was made', async () => {
    echo.server.steer([{ code: UNAVAILABLE }]);
    const request = { value: 'A', value2: 1, blob: Buffer.from('a') };
    const metadata = new grpc.Metadata();
    metadata.set('x-id', 'first');
    const outcome = call(client(), request, metadata);
    // The caller reuses both objects for its next call, before attempt 2 is made.
    request.value = 'B';
    request.blob[0] = 0x62;
    metadata.set('x-id', 'second');
    const { error, response } = await outcome;
    expect(error).toBeNull();
    expect(response?.value).toBe('A');
    expect(echo.server.hits).toHaveLength(2);
    for (const hit of echo.server.hits) {
      expect(hit.received[0]?.value).toBe('A');
      expect(hit.received[0]?.blob).toEqual(Buffer.from('a'));
      expect(hit.metadata.get('x-id')).toEqual(['first']);
    }
    expect(metadata.get('grpc-previous-rpc-attempts')).toEqual([]);
    expect(metadata.get('x-id')).toEqual(['second']);
  });

  it('of a client stream replays each message as it was when written', async () => {
    echo.server.steer([{ code: UNAVAILABLE, failAfterReceiving: 1 }]);
    const message = { value: 'one' };
    const result = await new Promise<EchoMessage | undefined>((resolve) => {
      const stream = client().Collect(new grpc.Metadata(), {}, (_error, response) =>
        resolve(response),
      );
      stream.write(message, () => {
        message.value = 'mutated';
        stream.write({ value: 'two' });
        stream.end();
      });
    });
    expect(result?.value).toBe('one,two');
    expect(echo.server.hits[1]?.received.map((m) => m.value)).toEqual(['one', 'two']);
  });
});

describe('retryInfo on the error the caller gets', () => {
  it('tells the attempts and the reason', async () => {
    echo.server.steer([{ code: UNAVAILABLE }, { code: UNAVAILABLE }, { code: UNAVAILABLE }]);
    const { error } = await call(client(), { value: 'x' }, new grpc.Metadata());
    expect(error?.code).toBe(UNAVAILABLE);
    const info = retryInfo(error);
    expect(info?.attempts).toBe(3);
    expect(info?.reason).toBe('attempts');
    expect(info?.errors).toHaveLength(3);
  });

  it('says non-retryable for a final code after one attempt', async () => {
    echo.server.steer([{ code: INVALID_ARGUMENT }]);
    const { error } = await call(client(), { value: 'x' }, new grpc.Metadata());
    expect(retryInfo(error)).toMatchObject({ attempts: 1, reason: 'non-retryable' });
  });

  it('is undefined for a call that succeeded after retries and for other errors', async () => {
    echo.server.steer([{ code: UNAVAILABLE }]);
    const { error } = await call(client(), { value: 'x' }, new grpc.Metadata());
    expect(error).toBeNull();
    expect(retryInfo(new Error('unrelated'))).toBeUndefined();
  });
});
