/**
 * vitest globalSetup: starts Azurite (blob, in memory) and s3rver on OS-assigned ports of
 * 127.0.0.1 for the whole run, hands their ports to the tests (`inject('azuritePort')`,
 * `inject('s3Port')`), and stops both afterwards by the PIDs it spawned.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startAzurite, startS3rver, stopService } from '../../examples/support/services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    azuritePort: number;
    s3Port: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const s3Dir = mkdtempSync(join(tmpdir(), 'retryer-s3rver-'));
  const started = await Promise.allSettled([startAzurite(), startS3rver(s3Dir)]);
  const services = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const teardown = async (): Promise<void> => {
    await Promise.all(services.map(stopService));
    rmSync(s3Dir, { recursive: true, force: true });
  };
  const [azurite, s3rver] = started;
  if (azurite?.status !== 'fulfilled' || s3rver?.status !== 'fulfilled') {
    await teardown();
    throw started.find((s) => s.status === 'rejected')?.reason;
  }
  project.provide('azuritePort', azurite.value.port);
  project.provide('s3Port', s3rver.value.port);
  return teardown;
}
