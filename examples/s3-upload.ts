/**
 * S3 uploads with one retry policy: `awsRetryStrategy` puts a Retryer in the AWS SDK's own retry
 * slot, and a streaming upload reopens its file on each attempt of `retryer.run()`.
 *
 * Self-contained: starts s3rver and a fault-injecting proxy on 127.0.0.1:0, uploads through the
 * proxy while it injects SlowDown, InternalError and a dropped connection, checks what the server
 * stored, shuts everything down.
 *
 * Run: node --import tsx examples/s3-upload.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Retryer, retryInfo } from 'retrywise';
import { awsRetryStrategy } from 'retrywise/aws';
import { startFaultProxy } from './support/fault-proxy.js';
import { startS3rver, stopService } from './support/services.js';

const BUCKET = 'backups';
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const log = (level: string) => (message: string, fields: object) =>
  console.log(`${level}: ${message} | ${JSON.stringify(fields)}`);

// One policy for every S3 call: 5 requests at most, 50 ms doubling, server hints honoured.
const retryer = new Retryer({
  maxAttempts: 5,
  initialDelayMs: 50,
  maxDelayMs: 2_000,
  name: 'S3 upload',
  logger: { warn: log('WARN'), info: log('INFO'), error: log('ERROR') },
});

function s3(endpoint: string, config: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    ...config,
  });
}

const dir = mkdtempSync(join(tmpdir(), 'retrywise-example-s3-'));
const server = await startS3rver(join(dir, 'data'));
const proxy = await startFaultProxy(server.port);
const direct = s3(`http://127.0.0.1:${server.port}`);
// The retryer is the only retry: the SDK's `maxAttempts` then only feeds a request header.
const client = s3(proxy.url, { retryStrategy: awsRetryStrategy(retryer) });
const stored = async (Key: string) => {
  const { Body } = await direct.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
  return sha256((await Body?.transformToByteArray()) ?? new Uint8Array());
};

try {
  await direct.send(new CreateBucketCommand({ Bucket: BUCKET }));

  // 1. A buffered PutObject: the SDK retries it through the strategy.
  proxy.queue(
    {
      kind: 'status',
      status: 503,
      code: 'SlowDown',
      service: 's3',
      headers: { 'x-amz-retry-after': '120' },
    },
    { kind: 'drop' },
  );
  const report = randomBytes(64 * 1024);
  const put = await client.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: 'report.bin', Body: report }),
  );
  console.log(
    `PutObject: stored after ${put.$metadata.attempts} requests, intact: ${(await stored('report.bin')) === sha256(report)}`,
  );

  // 2. A streaming multipart upload: each part is retried on its own by the strategy; if the
  //    upload as a whole fails, run() starts it again from a freshly opened file.
  const path = join(dir, 'export.ovf');
  const data = randomBytes(12 * 1024 * 1024);
  writeFileSync(path, data);
  proxy.reset();
  proxy.queue(undefined, { kind: 'status', status: 500, code: 'InternalError', service: 's3' });
  const whole = new Retryer({ maxAttempts: 2, initialDelayMs: 100 });
  await whole.run(async ({ attempt, signal }) => {
    const Body = createReadStream(path);
    try {
      const upload = new Upload({
        client,
        params: { Bucket: BUCKET, Key: 'export.ovf', Body },
        partSize: 5 * 1024 * 1024,
        queueSize: 2,
        abortController: signalController(signal),
      });
      upload.on('httpUploadProgress', (p) => {
        if (p.loaded === p.total) console.log(`Upload attempt ${attempt}: ${p.loaded} bytes sent`);
      });
      return await upload.done();
    } finally {
      Body.destroy();
    }
  });
  console.log(
    `Upload: ${proxy.hits.length} requests (${proxy.injected} injected faults), 12 MiB intact: ${(await stored('export.ovf')) === sha256(data)}`,
  );

  // 3. A permanent error fails at once, with the SDK's own error.
  proxy.reset();
  try {
    await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' }));
  } catch (error) {
    const name = (error as Error).name;
    console.log(
      `GetObject missing: ${name} after ${proxy.hits.length} request (${retryInfo(error)?.reason})`,
    );
  }
} finally {
  client.destroy();
  direct.destroy();
  await proxy.close();
  await stopService(server);
  rmSync(dir, { recursive: true, force: true });
}
console.log('done');

/** lib-storage takes an AbortController: one that follows the attempt's signal. */
function signalController(signal: AbortSignal): AbortController {
  const controller = new AbortController();
  signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  return controller;
}
