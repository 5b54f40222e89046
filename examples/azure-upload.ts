/**
 * Azure Blob uploads with one retry policy: `azureRetryPolicy` replaces Storage's own retry
 * policy in the pipeline's Retry phase, and a streaming upload reopens its file on each attempt
 * of `retryer.run()`.
 *
 * Self-contained: starts Azurite and a fault-injecting proxy on 127.0.0.1:0, uploads through the
 * proxy while it injects ServerBusy, InternalError and a dropped connection, checks what the
 * server stored, shuts everything down.
 *
 * Run: node --import tsx examples/azure-upload.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pipeline } from '@azure/core-rest-pipeline';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { Retryer } from 'retrywise';
import { azureRetryPolicy } from 'retrywise/azure';
import { startFaultProxy } from './support/fault-proxy.js';
import { startAzurite, stopService } from './support/services.js';

// Azurite's public development account.
const ACCOUNT = 'devstoreaccount1';
const KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const MiB = 1024 * 1024;
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const log = (level: string) => (message: string, fields: object) =>
  console.log(`${level}: ${message} | ${JSON.stringify(fields)}`);

const retryer = new Retryer({
  maxAttempts: 5,
  initialDelayMs: 50,
  maxDelayMs: 2_000,
  name: 'Azure upload',
  logger: { warn: log('WARN'), info: log('INFO'), error: log('ERROR') },
});

const service = (port: number) =>
  new BlobServiceClient(
    `http://127.0.0.1:${port}/${ACCOUNT}`,
    new StorageSharedKeyCredential(ACCOUNT, KEY),
    { retryOptions: { maxTries: 1 } },
  );

const azurite = await startAzurite();
const proxy = await startFaultProxy(azurite.port);
const dir = mkdtempSync(join(tmpdir(), 'retrywise-example-azure-'));
const direct = service(azurite.port).getContainerClient('backups');
const viaProxy = service(proxy.port);
// Storage installs its own retry policy (4 tries); swap it for ours in the Retry phase. The
// pipeline is shared by every client derived from this one (containers, blobs).
const { pipeline } = (viaProxy as unknown as { storageClientContext: { pipeline: Pipeline } })
  .storageClientContext;
pipeline.removePolicy({ name: 'storageRetryPolicy' });
pipeline.addPolicy(azureRetryPolicy(retryer), { phase: 'Retry' });
const container = viaProxy.getContainerClient('backups');
const stored = async (name: string) =>
  sha256(await direct.getBlockBlobClient(name).downloadToBuffer());

try {
  await direct.createIfNotExists();

  // 1. A single-shot upload of a buffer, retried by the policy.
  proxy.queue(
    {
      kind: 'status',
      status: 503,
      code: 'ServerBusy',
      service: 'azure',
      headers: { 'x-ms-retry-after-ms': '120' },
    },
    { kind: 'drop' },
  );
  const report = randomBytes(64 * 1024);
  await container.getBlockBlobClient('report.bin').upload(report, report.length);
  console.log(
    `upload: stored after ${proxy.hits.length} requests, intact: ${(await stored('report.bin')) === sha256(report)}`,
  );

  // 2. A streaming upload in staged blocks: each block is retried by the policy; if the upload
  //    as a whole fails, run() starts it again from a freshly opened file.
  const path = join(dir, 'export.ovf');
  const data = randomBytes(4 * MiB);
  writeFileSync(path, data);
  proxy.reset();
  proxy.queue(undefined, { kind: 'status', status: 500, code: 'InternalError', service: 'azure' });
  const whole = new Retryer({ maxAttempts: 2, initialDelayMs: 100 });
  await whole.run(async ({ signal }) => {
    const stream = createReadStream(path);
    try {
      return await container
        .getBlockBlobClient('export.ovf')
        .uploadStream(stream, MiB, 2, { abortSignal: signal });
    } finally {
      stream.destroy();
    }
  });
  console.log(
    `uploadStream: ${proxy.hits.length} requests (${proxy.injected} injected faults), 4 MiB intact: ${(await stored('export.ovf')) === sha256(data)}`,
  );

  // 3. A permanent error fails at once.
  proxy.reset();
  try {
    await container.getBlockBlobClient('missing').download();
  } catch (error) {
    const { code } = error as { code?: string };
    console.log(`download missing: ${code} after ${proxy.hits.length} request`);
  }
} finally {
  await proxy.close();
  await stopService(azurite);
  rmSync(dir, { recursive: true, force: true });
}
console.log('done');
