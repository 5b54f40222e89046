/** Azure Blob clients for the integration tests: Azurite, straight or through a fault proxy. */
import type { Pipeline } from '@azure/core-rest-pipeline';
import {
  BlobServiceClient,
  type StoragePipelineOptions,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import type { AzureRetryPolicy } from '../../src/azure/index.js';

/** The public, documented Azurite development account. */
export const ACCOUNT = 'devstoreaccount1';
const KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export const credential = () => new StorageSharedKeyCredential(ACCOUNT, KEY);

/** A BlobServiceClient for `http://127.0.0.1:<port>/devstoreaccount1`. */
export function blobService(port: number, options: StoragePipelineOptions = {}): BlobServiceClient {
  return new BlobServiceClient(`http://127.0.0.1:${port}/${ACCOUNT}`, credential(), options);
}

/**
 * Swaps Storage's own `storageRetryPolicy` for `policy` in the Retry phase of the pipeline that
 * `client` and every client derived from it share (the documented way, through the protected
 * `storageClientContext`).
 */
export function replaceStorageRetry(client: BlobServiceClient, policy: AzureRetryPolicy): void {
  const { pipeline } = (client as unknown as { storageClientContext: { pipeline: Pipeline } })
    .storageClientContext;
  pipeline.removePolicy({ name: 'storageRetryPolicy' });
  pipeline.addPolicy(policy, { phase: 'Retry' });
}
