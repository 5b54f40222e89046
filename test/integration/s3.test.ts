/**
 * awsRetryStrategy inside a real S3Client, against s3rver behind the fault proxy: every
 * request the SDK makes is counted at the proxy, so hit counts prove the policy, and no SDK
 * retry runs on top of it.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type Fault,
  type FaultProxy,
  randomFaults,
  startFaultProxy,
} from '../../examples/support/fault-proxy.js';
import { awsRetryStrategy } from '../../src/aws/index.js';
import {
  type GiveUpEvent,
  type RetryEvent,
  Retryer,
  type RetryOptions,
  retryInfo,
  type SuccessEvent,
} from '../../src/index.js';
import { createBucket, s3Client, sha256, storedSha256 } from '../support/s3.js';

const BUCKET = 'retryer-it';
const slowDown = (headers?: Record<string, string>): Fault => ({
  kind: 'status',
  status: 503,
  code: 'SlowDown',
  service: 's3',
  ...(headers === undefined ? {} : { headers }),
});
const internalError: Fault = { kind: 'status', status: 500, code: 'InternalError', service: 's3' };
const drop: Fault = { kind: 'drop' };
const FAULT_MIX = [slowDown({ 'x-amz-retry-after': '15' }), slowDown(), internalError, drop];

let direct: S3Client;
let proxy: FaultProxy;
let dir: string;

/** A client through the proxy whose only retry is `retrywise` (via awsRetryStrategy). */
function retryingClient(options: RetryOptions = {}) {
  const retries: RetryEvent[] = [];
  const retryer = new Retryer({
    maxAttempts: 5,
    initialDelayMs: 2,
    maxDelayMs: 200,
    onRetry: (e) => retries.push(e),
    ...options,
  });
  const client = s3Client(proxy.url, { retryStrategy: awsRetryStrategy(retryer) });
  return { client, retries, retryer };
}

beforeAll(async () => {
  const endpoint = `http://127.0.0.1:${inject('s3Port')}`;
  direct = s3Client(endpoint);
  await createBucket(direct, BUCKET);
  proxy = await startFaultProxy(inject('s3Port'));
  dir = mkdtempSync(join(tmpdir(), 'retryer-s3-'));
});

afterEach(() => {
  proxy.setPlan(() => undefined);
  proxy.reset();
});

afterAll(async () => {
  direct?.destroy();
  await proxy?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('awsRetryStrategy names runs after the command', () => {
  function namedClient(options: RetryOptions = {}, use = true) {
    const names: (string | undefined)[] = [];
    const record = (e: RetryEvent | GiveUpEvent | SuccessEvent) => names.push(e.name);
    const retryer = new Retryer({
      maxAttempts: 3,
      initialDelayMs: 1,
      onRetry: record,
      onGiveUp: record,
      onSuccess: record,
      ...options,
    });
    const strategy = awsRetryStrategy(retryer);
    const client = s3Client(proxy.url, { retryStrategy: strategy });
    if (use) client.middlewareStack.use(strategy);
    return { client, names };
  }

  it('uses the operation name in every event when the strategy is on the middleware stack', async () => {
    await direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'named', Body: 'x' }));
    const { client, names } = namedClient();
    proxy.queue(slowDown(), slowDown(), slowDown());
    const error = await client
      .send(new PutObjectCommand({ Bucket: BUCKET, Key: 'named', Body: 'x' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SlowDown' });
    expect(names).toEqual(['PutObject', 'PutObject', 'PutObject']); // retry, retry, give-up
    proxy.reset();
    names.length = 0;
    proxy.queue(slowDown());
    await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'named' }));
    expect(names).toEqual(['GetObject', 'GetObject']); // retry, success
    client.destroy();
  });

  it('names concurrent commands each after its own', async () => {
    const { client, names } = namedClient({ maxAttempts: 2 });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'read-me', Body: 'x' }));
    names.length = 0;
    // Two keys: s3rver may never send the body of a GET racing a PUT of the same key (it hung
    // this test behind the proxy, which then held the headers back too).
    const [, got] = await Promise.all([
      client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'write-me', Body: 'y' })),
      client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'read-me' })),
    ]);
    expect(await got.Body?.transformToString()).toBe('x');
    expect(names.sort()).toEqual(['GetObject', 'PutObject']);
    client.destroy();
  });

  it("keeps the retryer's own name, and has none without the middleware", async () => {
    const named = namedClient({ name: 'backups' });
    proxy.queue(slowDown());
    await named.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'n', Body: 'x' }));
    expect(named.names).toEqual(['backups', 'backups']);
    named.client.destroy();
    const plain = namedClient({}, false);
    proxy.queue(slowDown());
    await plain.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'n', Body: 'x' }));
    expect(plain.names).toEqual([undefined, undefined]);
    plain.client.destroy();
  });
});

describe('awsRetryStrategy against s3rver', () => {
  it('retries SlowDown (with and without hint), InternalError and a dropped connection: one request per attempt', async () => {
    const { client, retries } = retryingClient();
    proxy.queue(...FAULT_MIX);
    const body = randomBytes(64 * 1024);
    const started = performance.now();
    const out = await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'mix', Body: body }));
    const tookMs = performance.now() - started;
    expect(proxy.hits.map((h) => h.fault)).toEqual([
      '503 SlowDown (hint)',
      '503 SlowDown',
      '500 InternalError',
      'drop',
      undefined,
    ]);
    expect(out.$metadata.attempts).toBe(5);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(15);
    expect(tookMs).toBeGreaterThanOrEqual(15);
    expect(await storedSha256(direct, BUCKET, 'mix')).toBe(sha256(body));
    client.destroy();
  });

  it('stops after maxAttempts requests in all and the caller gets the SDK error', async () => {
    const { client } = retryingClient({ maxAttempts: 3 });
    proxy.queue(slowDown(), slowDown(), slowDown(), slowDown());
    const error = await client
      .send(new PutObjectCommand({ Bucket: BUCKET, Key: 'never', Body: 'x' }))
      .catch((e: unknown) => e);
    expect(proxy.hits).toHaveLength(3);
    expect(error).toMatchObject({
      name: 'SlowDown',
      $metadata: { attempts: 3, httpStatusCode: 503 },
    });
    expect(retryInfo(error)).toMatchObject({ attempts: 3, reason: 'attempts' });
    client.destroy();
  });

  it('fails AccessDenied after one request', async () => {
    const { client } = retryingClient();
    proxy.queue({ kind: 'status', status: 403, code: 'AccessDenied', service: 's3' });
    const error = await client
      .send(new PutObjectCommand({ Bucket: BUCKET, Key: 'denied', Body: 'x' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { attempts: 1 } });
    expect(proxy.hits).toHaveLength(1);
    expect(retryInfo(error)?.reason).toBe('non-retryable');
    client.destroy();
  });

  it('fails NoSuchKey from the real server after one request', async () => {
    const { client } = retryingClient();
    const error = await client
      .send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'NoSuchKey',
      $metadata: { attempts: 1, httpStatusCode: 404 },
    });
    expect(proxy.hits).toHaveLength(1);
    client.destroy();
  });

  it('retries a RequestTimeTooSkewed after which the SDK corrected its clock', async () => {
    const { client, retries } = retryingClient();
    const serverDate = new Date(Date.now() + 6 * 60_000).toUTCString();
    proxy.queue({
      kind: 'status',
      status: 403,
      code: 'RequestTimeTooSkewed',
      service: 's3',
      headers: { date: serverDate },
    });
    const out = await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'skew', Body: 'x' }));
    expect(out.$metadata.attempts).toBe(2);
    expect(proxy.hits).toHaveLength(2);
    expect(retries[0]?.error).toMatchObject({ $metadata: { clockSkewCorrected: true } });
    client.destroy();
  });

  it('stops at once when a Retry-After hint exceeds maxDelayMs', async () => {
    const { client } = retryingClient({ maxDelayMs: 1000 });
    proxy.queue(slowDown({ 'retry-after': '120' }));
    const error = await client
      .send(new PutObjectCommand({ Bucket: BUCKET, Key: 'later', Body: 'x' }))
      .catch((e: unknown) => e);
    expect(proxy.hits).toHaveLength(1);
    expect(retryInfo(error)?.reason).toBe('hint-too-long');
    client.destroy();
  });

  it('rejects at once when the send() abortSignal fires during a delay', async () => {
    const controller = new AbortController();
    // Abort as the strategy starts its 400 ms delay.
    const { client } = retryingClient({
      initialDelayMs: 400,
      jitter: 'none',
      onRetry: () => controller.abort(new Error('user abort')),
    });
    proxy.queue(slowDown());
    const started = performance.now();
    const sent = client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'abort', Body: 'x' }), {
      abortSignal: controller.signal,
    });
    await expect(sent).rejects.toMatchObject({ name: 'AbortError' });
    // Before the 400 ms delay ends: the SDK races the strategy against its signal.
    expect(performance.now() - started).toBeLessThan(350);
    expect(proxy.hits).toHaveLength(1);
    client.destroy();
  });

  it('puts 20 objects with ~20% injected faults: all intact, one retry per fault', async () => {
    const { client, retries } = retryingClient();
    proxy.setPlan(randomFaults(FAULT_MIX, { rate: 0.2, seed: 7 }));
    const bodies = Array.from({ length: 20 }, (_, i) => randomBytes(16 * 1024 + i));
    await Promise.all(
      bodies.map((Body, i) =>
        client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `many/${i}`, Body })),
      ),
    );
    expect(proxy.injected).toBeGreaterThanOrEqual(2);
    expect(proxy.forwarded).toBe(20);
    expect(retries).toHaveLength(proxy.injected);
    for (const [i, body] of bodies.entries()) {
      expect(await storedSha256(direct, BUCKET, `many/${i}`)).toBe(sha256(body));
    }
    client.destroy();
  });

  it('uploads 12 MiB multipart with lib-storage through ~20% faults: each part retried on its own', async () => {
    const { client, retries } = retryingClient({ maxAttempts: 4 });
    // Seed 3 faults the 2nd, 4th, 8th… request: the 2nd is always a 5 MiB part, dropped mid-body.
    proxy.setPlan(
      randomFaults([drop, slowDown({ 'x-amz-retry-after': '15' }), internalError], { seed: 3 }),
    );
    const data = randomBytes(12 * 1024 * 1024);
    const started = performance.now();
    await new Upload({
      client,
      params: { Bucket: BUCKET, Key: 'big', Body: data },
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
    }).done();
    const tookMs = performance.now() - started;
    const forwarded = proxy.hits.filter((h) => h.fault === undefined).map((h) => h.method);
    expect(forwarded.sort()).toEqual(['POST', 'POST', 'PUT', 'PUT', 'PUT']);
    expect(proxy.hits[1]).toMatchObject({ method: 'PUT', fault: 'drop' });
    expect(proxy.injected).toBeGreaterThanOrEqual(2);
    expect(retries).toHaveLength(proxy.injected);
    const perRequest = new Map<string, number>();
    for (const hit of proxy.hits)
      perRequest.set(
        `${hit.method} ${hit.url}`,
        (perRequest.get(`${hit.method} ${hit.url}`) ?? 0) + 1,
      );
    expect(Math.max(...perRequest.values())).toBeLessThanOrEqual(4);
    expect(await storedSha256(direct, BUCKET, 'big')).toBe(sha256(data));
    console.info(
      `12 MiB upload: ${proxy.hits.length} requests, ${proxy.injected} faults, ${tookMs.toFixed(0)} ms`,
    );
    client.destroy();
  });

  it('safe streaming upload: the SDK never retries a stream, run() reopens the file per attempt', async () => {
    const { client, retryer } = retryingClient();
    const data = randomBytes(256 * 1024);
    const path = join(dir, 'stream.bin');
    writeFileSync(path, data);
    proxy.queue(slowDown(), drop);
    const opened: number[] = [];
    await retryer.run(async ({ attempt, signal }) => {
      opened.push(attempt);
      const Body = createReadStream(path);
      try {
        return await client.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: 'stream', Body, ContentLength: data.length }),
          { abortSignal: signal },
        );
      } finally {
        Body.destroy();
      }
    });
    expect(opened).toEqual([1, 2, 3]);
    expect(proxy.hits).toHaveLength(3);
    expect(await storedSha256(direct, BUCKET, 'stream')).toBe(sha256(data));
    client.destroy();
  });
});
