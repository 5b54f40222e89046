/**
 * azureRetryPolicy inside real Storage clients, against Azurite behind the fault proxy. Every
 * request is counted at the proxy, so hit counts prove the policy and show that Storage's own
 * retry policy (4 tries) never runs on top of it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockBlobClient, type ContainerClient } from '@azure/storage-blob';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type Fault,
  type FaultProxy,
  randomFaults,
  startFaultProxy,
} from '../../examples/support/fault-proxy.js';
import { azureRetryPolicy } from '../../src/azure/index.js';
import { type RetryEvent, Retryer, type RetryOptions, retryInfo } from '../../src/index.js';
import { ACCOUNT, blobService, credential, replaceStorageRetry } from '../support/azure.js';

const CONTAINER = 'retryer-it';
const serverBusy = (headers?: Record<string, string>): Fault => ({
  kind: 'status',
  status: 503,
  code: 'ServerBusy',
  service: 'azure',
  ...(headers === undefined ? {} : { headers }),
});
const internalError: Fault = {
  kind: 'status',
  status: 500,
  code: 'InternalError',
  service: 'azure',
};
const FAULT_MIX: Fault[] = [
  serverBusy({ 'x-ms-retry-after-ms': '15' }),
  serverBusy(),
  internalError,
  { kind: 'drop' },
];
const MiB = 1024 * 1024;

let direct: ContainerClient;
let proxy: FaultProxy;
let dir: string;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const storedSha256 = async (name: string) =>
  sha256(await direct.getBlockBlobClient(name).downloadToBuffer());

function retryer(options: RetryOptions = {}) {
  const retries: RetryEvent[] = [];
  const r = new Retryer({
    maxAttempts: 5,
    initialDelayMs: 2,
    maxDelayMs: 200,
    onRetry: (e) => retries.push(e),
    ...options,
  });
  return { retryer: r, retries };
}

/**
 * Placement 1: Storage's retry policy replaced by ours in the Retry phase, once, on the pipeline
 * that the service client and every client it derives share.
 */
function retryPhaseClient(options: RetryOptions = {}) {
  const { retryer: r, retries } = retryer(options);
  const service = blobService(proxy.port);
  replaceStorageRetry(service, azureRetryPolicy(r));
  const container = service.getContainerClient(CONTAINER);
  return { blob: (name: string) => container.getBlockBlobClient(name), retries };
}

/**
 * Placement 2: ours as a perCall policy, Storage's retry reduced to one try. Each client is built
 * directly: clients derived from one another share a pipeline, and every one of them would add
 * the policy again ("Duplicate policy names").
 */
function perCallClient(options: RetryOptions = {}) {
  const { retryer: r, retries } = retryer(options);
  const policy = azureRetryPolicy(r);
  const blob = (name: string) =>
    new BlockBlobClient(`${proxy.url}/${ACCOUNT}/${CONTAINER}/${name}`, credential(), {
      retryOptions: { maxTries: 1 },
      // Missing from Storage's option types, honoured at runtime (sdk-notes).
      ...({ additionalPolicies: [{ policy, position: 'perCall' }] } as object),
    });
  return { blob, retries };
}

beforeAll(async () => {
  direct = blobService(inject('azuritePort'), { retryOptions: { maxTries: 1 } }).getContainerClient(
    CONTAINER,
  );
  await direct.createIfNotExists();
  proxy = await startFaultProxy(inject('azuritePort'));
  dir = mkdtempSync(join(tmpdir(), 'retryer-azure-'));
});

afterEach(() => {
  proxy.setPlan(() => undefined);
  proxy.reset();
});

afterAll(async () => {
  await proxy?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ['in the Retry phase', retryPhaseClient],
  ['as a perCall policy', perCallClient],
])('azureRetryPolicy %s against Azurite', (_, makeClient) => {
  it('retries ServerBusy (with and without hint), InternalError and a dropped connection: one request per attempt', async () => {
    const { blob, retries } = makeClient();
    proxy.queue(...FAULT_MIX);
    const body = randomBytes(64 * 1024);
    await blob('mix').upload(body, body.length);
    expect(proxy.hits.map((h) => h.fault)).toEqual([
      '503 ServerBusy (hint)',
      '503 ServerBusy',
      '500 InternalError',
      'drop',
      undefined,
    ]);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(15);
    expect(await storedSha256('mix')).toBe(sha256(body));
  });

  it('stops after maxAttempts requests in all: the caller gets the RestError', async () => {
    const { blob } = makeClient({ maxAttempts: 3 });
    proxy.queue(serverBusy(), serverBusy(), serverBusy(), serverBusy(), serverBusy());
    const error = await blob('never')
      .upload('x', 1)
      .catch((e: unknown) => e);
    expect(proxy.hits).toHaveLength(3);
    expect(error).toMatchObject({ name: 'RestError', statusCode: 503, code: 'ServerBusy' });
    const info = retryInfo(error);
    expect(info).toMatchObject({ attempts: 3, reason: 'attempts' });
    expect(info?.errors).toHaveLength(3);
    expect(info?.errors.map((e) => (e as { statusCode?: number }).statusCode)).toEqual([
      503, 503, 503,
    ]);
  });

  it('fails an injected 403 AuthorizationFailure after one request', async () => {
    const { blob } = makeClient();
    proxy.queue({ kind: 'status', status: 403, code: 'AuthorizationFailure', service: 'azure' });
    const error = await blob('denied')
      .upload('x', 1)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 403, code: 'AuthorizationFailure' });
    expect(proxy.hits).toHaveLength(1);
    expect(retryInfo(error)).toMatchObject({ attempts: 1, reason: 'non-retryable' });
  });

  it('fails BlobNotFound from the real server after one request', async () => {
    const { blob } = makeClient();
    const error = await blob('missing')
      .download()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 404, code: 'BlobNotFound' });
    expect(proxy.hits).toHaveLength(1);
    expect(retryInfo(error)).toMatchObject({ attempts: 1, reason: 'non-retryable' });
  });

  it('stages 8 blocks and commits them through ~20% faults: intact, one retry per fault', async () => {
    const { blob, retries } = makeClient();
    // Seed 6 faults the 2nd, 6th and 7th request: the 2nd is a 1 MiB block, dropped mid-body.
    const [hinted, busy, internal, drop] = FAULT_MIX as [Fault, Fault, Fault, Fault];
    proxy.setPlan(randomFaults([drop, hinted, internal, busy], { seed: 6 }));
    const data = randomBytes(8 * MiB);
    await blob('staged').uploadData(data, {
      blockSize: MiB,
      maxSingleShotSize: MiB,
      concurrency: 2,
    });
    const forwarded = proxy.hits.filter((h) => h.fault === undefined);
    expect(forwarded).toHaveLength(9);
    expect(proxy.hits[1]).toMatchObject({ method: 'PUT', fault: 'drop' });
    expect(proxy.injected).toBeGreaterThanOrEqual(2);
    expect(retries).toHaveLength(proxy.injected);
    expect(await storedSha256('staged')).toBe(sha256(data));
  });
});

describe('safe streaming uploads to Azure', () => {
  it('uploadStream inside run(): the file is reopened when a block exhausts the policy', async () => {
    const { blob } = retryPhaseClient({ maxAttempts: 2 });
    const data = randomBytes(3 * MiB);
    const path = join(dir, 'stream.bin');
    writeFileSync(path, data);
    proxy.queue(serverBusy(), serverBusy());
    // The policy retries each block; this outer run restarts the whole upload from the file.
    // Nested: a block can be sent up to 2 × 2 times, so keep the outer maxAttempts small.
    const whole = new Retryer({ maxAttempts: 2, initialDelayMs: 1 });
    const opened: number[] = [];
    await whole.run(async ({ attempt, signal }) => {
      opened.push(attempt);
      const stream = createReadStream(path);
      try {
        return await blob('stream').uploadStream(stream, MiB, 1, { abortSignal: signal });
      } finally {
        stream.destroy();
      }
    });
    expect(opened).toEqual([1, 2]);
    expect(proxy.hits.map((h) => h.fault ?? 'ok')).toEqual([
      ...['503 ServerBusy', '503 ServerBusy'],
      ...['ok', 'ok', 'ok', 'ok'],
    ]);
    expect(await storedSha256('stream')).toBe(sha256(data));
  });

  it('run() around a single-shot upload with Storage retries off: one request per attempt', async () => {
    const { retryer: r, retries } = retryer();
    const container = blobService(proxy.port, { retryOptions: { maxTries: 1 } }).getContainerClient(
      CONTAINER,
    );
    proxy.queue(serverBusy(), internalError, { kind: 'drop' });
    const body = randomBytes(32 * 1024);
    await r.run(({ signal }) =>
      container.getBlockBlobClient('run').upload(body, body.length, { abortSignal: signal }),
    );
    expect(proxy.hits).toHaveLength(4);
    expect(retries).toHaveLength(3);
    expect(await storedSha256('run')).toBe(sha256(body));
  });
});
