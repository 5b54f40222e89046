import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('examples/azure-upload.ts', () => {
  it('uploads through injected faults with the retryer as the only retry, and exits 0 on its own', async () => {
    // No process.exit in the example: it exits only if no server, socket or timer is left behind.
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'examples/azure-upload.ts'],
      {
        timeout: 30_000,
      },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toContain('upload: stored after 3 requests, intact: true');
    expect(lines).toContain('uploadStream: 6 requests (1 injected faults), 4 MiB intact: true');
    expect(lines).toContain('download missing: BlobNotFound after 1 request');
    const hinted = lines.find((l) => l.includes('HTTP 503 ServerBusy'));
    expect(hinted).toMatch(/^WARN: operation failed, retrying \| .*"delay_ms":120/);
    expect(lines.at(-1)).toBe('done');
  });
});
