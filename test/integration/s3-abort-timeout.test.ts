/**
 * awsRetryStrategy and time against real servers: a send() aborted during the backoff leaves no
 * timer behind, and a server that never answers fails each attempt after the request handler's
 * timeout instead of hanging (the strategy refuses attemptTimeoutMs, which it could not honour).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../../examples/support/fault-proxy.js';
import { awsRetryStrategy } from '../../src/aws/index.js';
import { lentCount } from '../../src/aws/request-signal.js';
import { Retryer, type RetryOptions, retryInfo } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { createBucket, s3Client } from '../support/s3.js';

const BUCKET = 'retryer-time';
const slowDown = { kind: 'status', status: 503, code: 'SlowDown', service: 's3' } as const;

let proxy: FaultProxy;
/** A server that reads every request and never answers. */
let silent: Server;
let silentUrl: string;
const silentRequests: IncomingMessage[] = [];

beforeAll(async () => {
  await createBucket(s3Client(`http://127.0.0.1:${inject('s3Port')}`), BUCKET);
  proxy = await startFaultProxy(inject('s3Port'));
  silent = createServer((req) => {
    silentRequests.push(req);
    req.resume();
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});

afterEach(() => {
  proxy.reset();
  silentRequests.length = 0;
});

afterAll(async () => {
  await proxy?.close();
  silent?.closeAllConnections();
  await new Promise<void>((resolve) => silent?.close(() => resolve()));
});

/** Timers made through globalThis.setTimeout with exactly `ms`, not yet fired or cleared. */
function watchTimersOf(ms: number): { readonly live: number; restore(): void } {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const live = new Set<unknown>();
  globalThis.setTimeout = ((
    callback: (...a: unknown[]) => void,
    delay?: number,
    ...args: unknown[]
  ) => {
    const timer = realSet(() => {
      live.delete(timer);
      callback(...args);
    }, delay);
    if (delay === ms) live.add(timer);
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer: Parameters<typeof clearTimeout>[0]) => {
    live.delete(timer);
    realClear(timer);
  }) as typeof clearTimeout;
  return {
    get live() {
      return live.size;
    },
    restore() {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}

function strategyOn(url: string, options: RetryOptions, config = {}) {
  const strategy = awsRetryStrategy(new Retryer({ jitter: 'none', ...options }));
  const client = s3Client(url, { retryStrategy: strategy, ...config });
  client.middlewareStack.use(strategy);
  return client;
}

describe('a send() aborted during the backoff', () => {
  it('rejects at once and clears the backoff timer: nothing keeps the process alive', async () => {
    const controller = new AbortController();
    const timers = watchTimersOf(10_000);
    try {
      const client = strategyOn(proxy.url, {
        initialDelayMs: 10_000,
        onRetry: () => controller.abort(new Error('user abort')),
      });
      proxy.queue(slowDown);
      const sent = client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'a', Body: 'x' }), {
        abortSignal: controller.signal,
      });
      await expect(sent).rejects.toMatchObject({ name: 'AbortError' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(timers.live).toBe(0);
      expect(proxy.hits).toHaveLength(1);
      expect(lentCount()).toBe(0);
      client.destroy();
    } finally {
      timers.restore();
    }
  });

  it('ends the sleep on the retryer clock too, with reason aborted, also with a retryer signal', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const shutdown = new AbortController();
    let slowDownError: unknown;
    const client = strategyOn(proxy.url, {
      clock,
      signal: shutdown.signal,
      initialDelayMs: 10_000,
      onRetry: (e) => {
        slowDownError = e.error;
        controller.abort(new Error('user abort'));
      },
    });
    proxy.queue(slowDown);
    const sent = client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'b', Body: 'x' }), {
      abortSignal: controller.signal,
    });
    await expect(sent).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.pending).toBe(0);
    expect(retryInfo(slowDownError)).toMatchObject({ reason: 'aborted', attempts: 1 });
    expect(lentCount()).toBe(0);
    client.destroy();
  });
});

describe('a server that never answers', () => {
  it('fails after ~requestTimeout × maxAttempts with the handler timeout, one request per attempt', async () => {
    const client = strategyOn(
      silentUrl,
      { maxAttempts: 3, initialDelayMs: 1 },
      { requestHandler: { requestTimeout: 50, throwOnRequestTimeout: true } },
    );
    const started = performance.now();
    const error = await client
      .send(new PutObjectCommand({ Bucket: BUCKET, Key: 'c', Body: 'x' }))
      .catch((e: unknown) => e);
    const tookMs = performance.now() - started;
    expect(error).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 3 } });
    expect(retryInfo(error)).toMatchObject({ attempts: 3, reason: 'attempts' });
    expect(silentRequests).toHaveLength(3);
    expect(tookMs).toBeGreaterThanOrEqual(150);
    expect(tookMs).toBeLessThan(1500);
    client.destroy();
  });

  it('is refused as attemptTimeoutMs at creation, with the way to get it from the SDK', () => {
    expect(() => awsRetryStrategy(new Retryer({ attemptTimeoutMs: 50 }))).toThrow(RangeError);
    expect(() => awsRetryStrategy(new Retryer({ attemptTimeoutMs: 50 }))).toThrow(
      /attemptTimeoutMs \(50\).*requestTimeout: 50, throwOnRequestTimeout: true/,
    );
  });
});
