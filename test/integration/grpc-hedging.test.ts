/**
 * Hedged unary calls through retryInterceptor, against a real grpc-js server (gRPC A6
 * hedgingPolicy): each hedge is a separate call, the first OK commits and the others are
 * cancelled, a non-fatal status sends the next hedge at once, a fatal one ends the call, and
 * pushback delays the next hedge. Hedge delays run on a FakeClock.
 */
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { retryInterceptor } from '../../src/grpc/index.js';
import { Retryer, type RetryOptions, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import type { EchoClient, EchoMessage } from '../support/echo-server.js';
import { settleIo, until } from '../support/grpc-calls.js';
import { readAll, useEchoServer } from '../support/use-echo-server.js';

const { UNAVAILABLE, INVALID_ARGUMENT, OK } = grpc.status;

const echo = useEchoServer();

function hedged(options: RetryOptions = {}) {
  const clock = new FakeClock();
  const retryer = new Retryer({ hedgeDelayMs: 100, maxAttempts: 3, clock, ...options });
  const statuses: grpc.StatusObject[] = [];
  const spy: grpc.Interceptor = (o, next) =>
    new grpc.InterceptingCall(next(o), {
      start(md, _l, nextStart) {
        nextStart(md, {
          onReceiveStatus(status, nextStatus) {
            statuses.push(status);
            nextStatus(status);
          },
        });
      },
    });
  const client = echo.client({ interceptors: [spy, retryInterceptor(retryer)] });
  return { client, clock, statuses };
}

function call(
  client: EchoClient,
  value = 'v',
): Promise<{ error: grpc.ServiceError | null; response: EchoMessage | undefined }> {
  return new Promise((resolve) => {
    client.Echo({ value }, new grpc.Metadata(), {}, (error, response) =>
      resolve({ error, response }),
    );
  });
}

describe('hedged unary calls', () => {
  it('send a hedge after hedgeDelayMs; the first OK commits and the slow one is cancelled', async () => {
    const { client, clock, statuses } = hedged();
    echo.server.steer([{ delayMs: 10_000 }]);
    const outcome = call(client, 'fast');
    await until(() => echo.server.hits.length === 1 && clock.pending === 1);
    await clock.advance(100);
    const { error, response } = await outcome;
    expect(error).toBeNull();
    expect(response?.value).toBe('fast');
    expect(echo.server.hits).toHaveLength(2);
    expect(echo.server.hits[1]?.metadata.get('grpc-previous-rpc-attempts')).toEqual(['1']);
    await until(() => echo.server.hits[0]?.cancelled === true);
    await settleIo();
    expect(statuses.map((s) => s.code)).toEqual([OK]);
    expect(clock.pending).toBe(0);
  });

  it('send the next hedge at once after a non-fatal status', async () => {
    const { client, clock } = hedged({ hedgeDelayMs: 60_000 });
    echo.server.steer([{ code: UNAVAILABLE }]);
    const { error } = await call(client);
    expect(error).toBeNull();
    expect(echo.server.hits).toHaveLength(2);
    expect(clock.sleeps.every((ms) => ms === 60_000)).toBe(true);
  });

  it('end at a fatal status, cancelling the hedge in flight', async () => {
    const { client, clock } = hedged();
    echo.server.steer([{ delayMs: 10_000 }, { code: INVALID_ARGUMENT, details: 'bad' }]);
    const outcome = call(client);
    await until(() => echo.server.hits.length === 1 && clock.pending === 1);
    await clock.advance(100);
    const { error } = await outcome;
    expect(error?.code).toBe(INVALID_ARGUMENT);
    expect(error?.details).toBe('bad');
    expect(retryInfo(error)?.reason).toBe('non-retryable');
    await until(() => echo.server.hits[0]?.cancelled === true);
    expect(echo.server.hits).toHaveLength(2);
  });

  it('wait for the pushback before the next hedge', async () => {
    const { client, clock } = hedged({ hedgeDelayMs: 60_000 });
    echo.server.steer([{ code: UNAVAILABLE, trailers: { 'grpc-retry-pushback-ms': '500' } }]);
    const outcome = call(client);
    await until(() => clock.sleeps.includes(500));
    await settleIo();
    expect(echo.server.hits).toHaveLength(1);
    await clock.advance(500);
    expect((await outcome).error).toBeNull();
    expect(echo.server.hits).toHaveLength(2);
  });

  it('give up with the last status when every hedge fails', async () => {
    const { client } = hedged();
    echo.server.steer([1, 2, 3].map((n) => ({ code: UNAVAILABLE, details: `down ${n}` })));
    const { error } = await call(client);
    expect(error?.details).toBe('down 3');
    expect(echo.server.hits).toHaveLength(3);
    expect(retryInfo(error)).toMatchObject({ attempts: 3, reason: 'attempts' });
  });

  it('leave streaming calls to one attempt: hedging is for unary calls', async () => {
    const { client } = hedged();
    echo.server.steer([{ code: UNAVAILABLE }]);
    const { error } = await readAll(client.Watch({ value: 'w', value2: 1 }));
    expect(error?.code).toBe(UNAVAILABLE);
    expect(echo.server.hits).toHaveLength(1);
  });
});
