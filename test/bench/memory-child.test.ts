import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs bench/memory-child.ts for `name` with `runs` runs; resolves with its report and exit. */
function runChild(name: string, runs: number) {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/memory-child.ts', name, String(runs)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
  });
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  return new Promise<{ code: number | null; report: Record<string, unknown>; stderr: string }>(
    (resolve, reject) => {
      const killer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`memory-child did not exit by itself:\n${stdout}\n${stderr}`));
      }, 15_000);
      child.once('exit', (code) => {
        clearTimeout(killer);
        resolve({ code, report: JSON.parse(stdout.split('\n')[0] ?? '{}'), stderr });
      });
    },
  );
}

describe('bench/memory-child', () => {
  it('settles every retryer run asleep in a 60 s backoff by aborting, then exits by itself', async () => {
    const { code, report, stderr } = await runChild('retrywise', 2000);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report).toMatchObject({ name: 'retrywise', runs: 2000, settled: 2000, timersLeft: 0 });
    expect(report.settleMs).toBeLessThan(5000);
  });
});
