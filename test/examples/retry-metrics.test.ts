import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('examples/retry-metrics.ts', () => {
  it("runs against a real server, exits 0 and prints the guide's lines and metrics", async () => {
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'examples/retry-metrics.ts',
    ]);
    const lines = stdout.split('\n');
    expect(lines.filter((l) => / WARN: operation failed, retrying \| /.test(l))).toHaveLength(4);
    expect(stdout).toMatch(
      /INFO: operation succeeded after retry \| operation=GET \/orders, attempt=3/,
    );
    expect(stdout).toMatch(/ERROR: operation failed after 3 attempts \| operation=GET \/down/);
    expect(stdout).toContain('stats: operations=3 retries=4');
    expect(stdout).toContain('exhausted_rate=0.3333333333333333 average_retries=2');
    expect(stdout).toContain(
      'otel: retrywise.give_ups{"retrywise.name":"GET /down","retrywise.reason":"attempts"} = 1',
    );
  });
});
