/**
 * 100,000 concurrent runs asleep in backoff, one child process per library (see
 * memory-child.ts): heap per run, time from aborting all to all settled, and whether the process
 * then exits by itself.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { contenders } from './contenders.js';
import { bytes, table } from './table.js';

const RUNS = 100_000;
/** How long a child may take to exit once it has reported. */
const EXIT_GRACE_MS = 5000;

interface Report {
  readonly name: string;
  readonly bytesPerRun: number;
  readonly settled: number;
  readonly settleMs: number;
  readonly abortable: boolean;
  readonly timersLeft: number;
}

interface Outcome {
  readonly report: Report | undefined;
  readonly exitedAlone: boolean;
  readonly exitMs: number;
  readonly stderr: string;
}

function child(name: string): Promise<Outcome> {
  const script = fileURLToPath(new URL('./memory-child.js', import.meta.url));
  const proc = spawn(process.execPath, ['--expose-gc', script, name, String(RUNS)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let reportedAt = 0;
  let killer: NodeJS.Timeout | undefined;
  proc.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  proc.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    if (reportedAt === 0 && stdout.includes('\n')) {
      reportedAt = performance.now();
      killer = setTimeout(() => proc.kill('SIGKILL'), EXIT_GRACE_MS);
    }
  });
  return new Promise((resolve) => {
    proc.once('exit', (_code, signal) => {
      clearTimeout(killer);
      const line = stdout.split('\n')[0] ?? '';
      resolve({
        report: line.startsWith('{') ? (JSON.parse(line) as Report) : undefined,
        exitedAlone: signal === null && reportedAt > 0,
        exitMs: reportedAt > 0 ? performance.now() - reportedAt : Number.NaN,
        stderr,
      });
    });
  });
}

export async function memory(): Promise<string> {
  const rows: string[][] = [];
  for (const c of contenders) {
    const { report, exitedAlone, exitMs, stderr } = await child(c.name);
    if (report === undefined) {
      rows.push([c.name, 'failed', '', '', stderr.trim().split('\n').at(-1) ?? '']);
      continue;
    }
    const settle = report.abortable
      ? `${report.settleMs.toFixed(0)} ms`
      : `${(report.settleMs / 1000).toFixed(1)} s (sleeps through abort)`;
    rows.push([
      c.name,
      bytes(report.bytesPerRun),
      `${report.settled.toLocaleString('en-US')} in ${settle}`,
      `${report.timersLeft}`,
      exitedAlone ? `yes (${exitMs.toFixed(0)} ms)` : 'no: killed',
    ]);
  }
  return table(
    [
      `${RUNS.toLocaleString('en-US')} runs asleep in backoff`,
      'heap per run',
      'settled after abort()',
      'timers left',
      'process exits by itself',
    ],
    rows,
  );
}
