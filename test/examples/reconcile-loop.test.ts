import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('examples/reconcile-loop.ts', () => {
  it('runs, exits 0 and shows the backoff kept only with RetryState + retryAt', async () => {
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'examples/reconcile-loop.ts',
    ]);
    expect(stdout).toContain('naive RequeueAfter: 5 file attempts over 0 s of virtual time');
    expect(stdout).toContain('with RetryState + retryAt: 5 file attempts over 450 s');
    expect(stdout).toContain('attempts at: 0 s, 30 s, 90 s, 210 s, 450 s');
  });
});
