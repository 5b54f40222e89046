/**
 * A throttle shared between a plain Retryer and an adapter: once the service has shed load, the
 * adapter's next call is rejected locally and never reaches the real server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  createDefaultHttpClient,
  createEmptyPipeline,
  createPipelineRequest,
} from '@azure/core-rest-pipeline';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsRetryStrategy } from '../../src/aws/index.js';
import { azureRetryPolicy } from '../../src/azure/index.js';
import { retryInterceptor } from '../../src/grpc/index.js';
import { AdaptiveThrottle, Retryer, retryInfo, ThrottledLocallyError } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { createBucket } from '../support/grpc-calls.js';
import { useSteerableServer } from '../support/use-grpc-server.js';

/**
 * A throttle (on its own FakeClock, so the window cannot slide mid-test) that has seen one call
 * throttled through `primer`: p = 1/2 from then on, and `random() = 0` rejects every call.
 */
async function primedThrottle(): Promise<AdaptiveThrottle> {
  const throttle = new AdaptiveThrottle({ clock: new FakeClock(), random: () => 0 });
  const primer = new Retryer({ throttle, maxAttempts: 1 });
  const shed = Object.assign(new Error('429 Too Many Requests'), { status: 429 });
  await expect(primer.run(() => Promise.reject(shed))).rejects.toBe(shed);
  expect(throttle.rejectionProbability).toBe(0.5);
  return throttle;
}

/** A real HTTP server on 127.0.0.1 that answers every request with `status` and counts them. */
function httpServer(status: number, body = ''): { hits: () => number; url: () => string } {
  let server: Server | undefined;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_, res) => {
      hits++;
      res.writeHead(status, { 'content-type': 'application/xml' }).end(body);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));
  return {
    hits: () => hits,
    url: () => `http://127.0.0.1:${(server?.address() as AddressInfo | undefined)?.port}`,
  };
}

describe('a throttle shared with an adapter', () => {
  describe('gRPC interceptor', () => {
    const driver = useSteerableServer();

    it('rejects the call locally: the server sees nothing, the caller gets the reason', async () => {
      const throttle = await primedThrottle();
      const retryer = new Retryer({ throttle });
      const client = driver.client({ interceptors: [retryInterceptor(retryer)] });
      driver.steer([]);
      const { error } = await createBucket(client, 'photos').outcome;
      expect(driver.hits).toHaveLength(0);
      expect(error?.code).toBe(grpc.status.UNKNOWN);
      expect(error?.details).toMatch(/rejected locally by the adaptive throttle/);
      expect(throttle.rejected).toBe(1);
    });
  });

  describe('Azure policy (Retry phase)', () => {
    const server = httpServer(200);

    it('rejects the request locally with a ThrottledLocallyError', async () => {
      const throttle = await primedThrottle();
      const pipeline = createEmptyPipeline();
      pipeline.addPolicy(azureRetryPolicy(new Retryer({ throttle })), { phase: 'Retry' });
      const request = createPipelineRequest({ url: `${server.url()}/container` });
      const error = await pipeline
        .sendRequest(createDefaultHttpClient(), request)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ThrottledLocallyError);
      expect(retryInfo(error)?.reason).toBe('throttled-locally');
      expect(server.hits()).toBe(0);
    });
  });

  describe('AWS strategy', () => {
    const slowDown =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';
    const server = httpServer(503, slowDown);

    function s3(retryer: Retryer): S3Client {
      return new S3Client({
        endpoint: server.url(),
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        retryStrategy: awsRetryStrategy(retryer),
      });
    }

    it('records SlowDown as a throttle, then rejects the next send locally', async () => {
      const throttle = new AdaptiveThrottle({ clock: new FakeClock(), random: () => 0 });
      const client = s3(new Retryer({ throttle, maxAttempts: 1 }));
      await expect(client.send(new ListObjectsV2Command({ Bucket: 'b' }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 503 },
      });
      expect(server.hits()).toBe(1);
      expect(throttle.rejectionProbability).toBe(0.5);
      const error = await client.send(new ListObjectsV2Command({ Bucket: 'b' })).catch((e) => e);
      expect(error).toBeInstanceOf(ThrottledLocallyError);
      expect(retryInfo(error)).toMatchObject({ attempts: 0, reason: 'throttled-locally' });
      expect(server.hits()).toBe(1);
      client.destroy();
    });
  });
});
