import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('examples/grpc-client.ts', () => {
  it('retries INTERNAL twice, fails the long name at once, and exits 0 on its own', async () => {
    // No process.exit in the example: it exits only if no timer or socket is left behind.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/grpc-client.ts'], {
      timeout: 15_000,
    });
    const lines = stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('driver: DriverCreateBucket photos'))).toHaveLength(3);
    for (const n of [1, 2]) {
      const pattern = new RegExp(
        `^sidecar: attempt ${n} failed \\(13 INTERNAL: backend not ready\\), retrying in \\d+ ms$`,
      );
      expect(lines.filter((l) => pattern.test(l))).toHaveLength(1);
    }
    expect(lines).toContain('sidecar: succeeded after 3 attempt(s)');
    expect(lines).toContain('bucket photos created: cosi-photos');
    expect(lines.filter((l) => l.startsWith('driver: DriverCreateBucket testlong'))).toHaveLength(
      1,
    );
    expect(lines).toContain('sidecar: gave up after 1 attempt(s): non-retryable');
    expect(lines).toContain(
      'bucket failed permanently: INVALID_ARGUMENT: Invalid bucket name - will not retry',
    );
  });
});
