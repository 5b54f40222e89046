import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('examples/s3-upload.ts', () => {
  it('uploads through injected faults with the retryer as the only retry, and exits 0 on its own', async () => {
    // No process.exit in the example: it exits only if no server, socket or timer is left behind.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/s3-upload.ts'], {
      timeout: 30_000,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toContain('PutObject: stored after 3 requests, intact: true');
    expect(lines).toContain('Upload: 6 requests (1 injected faults), 12 MiB intact: true');
    expect(lines).toContain('GetObject missing: NoSuchKey after 1 request (non-retryable)');
    const hinted = lines.find((l) => l.includes('injected SlowDown'));
    expect(hinted).toMatch(/^WARN: operation failed, retrying \| .*"delay_ms":120/);
    expect(lines.at(-1)).toBe('done');
  });
});
