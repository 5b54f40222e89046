/**
 * grpc-js's own retry test cases (packages/grpc-js/test/test-retry.ts, "Client with retries
 * configured"), run with the retry interceptor in place of a service-config retryPolicy. The
 * server fails with `respond-with-status` until the retry attempt named by
 * `succeed-on-retry-attempt`, reading `grpc-previous-rpc-attempts` as grpc-js's test server does.
 * Backoff times are not the subject here: `random: () => 0` makes every full-jitter delay 0.
 */
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { retryClientOptions, retryersFromServiceConfig } from '../../src/grpc/index.js';
import { grpcClassifier, Retryer, type RetryOptions } from '../../src/index.js';
import type { EchoClient, EchoMessage } from '../support/echo-server.js';
import { useEchoServer } from '../support/use-echo-server.js';

const { RESOURCE_EXHAUSTED, NOT_FOUND, UNAVAILABLE } = grpc.status;

const echo = useEchoServer();

/** grpc-js's test policy: 3 attempts, 0.1 s initial, 10 s max, ×1.2, UNAVAILABLE and RESOURCE_EXHAUSTED. */
function client(options: RetryOptions = {}): EchoClient {
  const retryer = new Retryer({
    maxAttempts: 3,
    initialDelayMs: 100,
    maxDelayMs: 10_000,
    multiplier: 1.2,
    classifiers: [grpcClassifier({ retryableCodes: [UNAVAILABLE, RESOURCE_EXHAUSTED] })],
    random: () => 0,
    ...options,
  });
  return echo.client(retryClientOptions(retryer));
}

function echoCall(
  c: EchoClient,
  control: { succeedOn?: number; status?: number } = {},
): Promise<{ error: grpc.ServiceError | null; response: EchoMessage | undefined }> {
  const metadata = new grpc.Metadata();
  if (control.succeedOn !== undefined) {
    metadata.set('succeed-on-retry-attempt', String(control.succeedOn));
  }
  if (control.status !== undefined) metadata.set('respond-with-status', String(control.status));
  echo.server.steer([]);
  return new Promise((resolve) => {
    c.Echo({ value: 'test value', value2: 3 }, metadata, {}, (error, response) =>
      resolve({ error, response }),
    );
  });
}

describe('grpc-js retry cases, with the retry interceptor', () => {
  it('makes a basic request', async () => {
    const { error, response } = await echoCall(client());
    expect(error).toBeNull();
    expect(response).toMatchObject({ value: 'test value', value2: 3 });
  });

  it('succeeds with few required attempts', async () => {
    const { error, response } = await echoCall(client(), {
      succeedOn: 2,
      status: RESOURCE_EXHAUSTED,
    });
    expect(error).toBeNull();
    expect(response).toMatchObject({ value: 'test value', value2: 3 });
    expect(echo.server.hits).toHaveLength(3);
  });

  it('fails with many required attempts, with the last attempt’s details', async () => {
    const { error } = await echoCall(client(), { succeedOn: 4, status: RESOURCE_EXHAUSTED });
    expect(error?.details).toBe('Failed on retry 2');
    expect(echo.server.hits).toHaveLength(3);
  });

  it('fails at once with a fatal status code', async () => {
    const { error } = await echoCall(client(), { succeedOn: 2, status: NOT_FOUND });
    expect(error?.code).toBe(NOT_FOUND);
    expect(error?.details).toBe('Failed on retry 0');
    expect(echo.server.hits).toHaveLength(1);
  });

  it('does not retry a custom error code (300)', async () => {
    const { error } = await echoCall(client(), { succeedOn: 2, status: 300 });
    expect(error?.details).toBe('Failed on retry 0');
    expect(echo.server.hits).toHaveLength(1);
  });

  it('makes more than 5 attempts when the Retryer allows them (grpc-js caps at 5)', async () => {
    const { error } = await echoCall(client({ maxAttempts: 10 }), {
      succeedOn: 6,
      status: RESOURCE_EXHAUSTED,
    });
    expect(error).toBeNull();
    expect(echo.server.hits).toHaveLength(7);
  });

  describe('through retryersFromServiceConfig, with grpc-js’s config', () => {
    const config = (maxAttempts: number) => ({
      methodConfig: [
        {
          name: [{ service: 'retrywise.echo.EchoService' }],
          retryPolicy: {
            maxAttempts,
            initialBackoff: '0.1s',
            maxBackoff: '10s',
            backoffMultiplier: 1.2,
            retryableStatusCodes: [14, 'RESOURCE_EXHAUSTED'],
          },
        },
      ],
    });
    const fromConfig = (maxAttempts: number, maxAttemptsLimit?: number) =>
      echo.client(
        retryClientOptions(
          retryersFromServiceConfig(config(maxAttempts), {
            base: { random: () => 0 },
            ...(maxAttemptsLimit === undefined ? {} : { maxAttemptsLimit }),
          }),
        ),
      );

    it('cannot make more than 5 attempts', async () => {
      const { error } = await echoCall(fromConfig(10), {
        succeedOn: 6,
        status: RESOURCE_EXHAUSTED,
      });
      expect(error?.details).toBe('Failed on retry 4');
      expect(echo.server.hits).toHaveLength(5);
    });

    it('makes more than 5 attempts with maxAttemptsLimit (the channel argument’s role)', async () => {
      const { error } = await echoCall(fromConfig(10, 8), {
        succeedOn: 7,
        status: RESOURCE_EXHAUSTED,
      });
      expect(error).toBeNull();
      expect(echo.server.hits).toHaveLength(8);
    });
  });
});
