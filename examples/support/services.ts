/**
 * Azurite (blob, in memory) and s3rver started from their own bins on an OS-assigned port of
 * 127.0.0.1, and stopped by the PID that was spawned. Used by the examples and by the tests'
 * globalSetup.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A running server process. */
export interface Service {
  readonly name: string;
  readonly port: number;
  readonly child: ChildProcess;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const bin = (name: string) =>
  fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));

/** Spawns `command` and resolves once its output matches `ready` (group 1 = the port). */
function start(name: string, command: string, args: string[], ready: RegExp): Promise<Service> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${name} ${why}:\n${output}`));
    };
    const timer = setTimeout(() => fail('was not ready in time'), READY_TIMEOUT_MS);
    const onExit = (code: number | null, signal: string | null): void =>
      fail(`exited early (${code ?? signal})`);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.stdout?.resume();
      child.stderr?.resume();
      resolve({ name, child, port: Number(match[1]) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (error) => fail(`failed to start: ${error.message}`));
  });
}

/** Azurite's blob service, in memory, accepting any API version. */
export function startAzurite(): Promise<Service> {
  return start(
    'azurite',
    bin('azurite-blob'),
    [
      ...['--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence'],
      ...['--silent', '--skipApiVersionCheck', '--disableTelemetry'],
    ],
    /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/,
  );
}

/** s3rver storing its buckets in `directory` (credentials `S3RVER`/`S3RVER`). */
export function startS3rver(directory: string): Promise<Service> {
  return start(
    's3rver',
    bin('s3rver'),
    ['-d', directory, '-a', '127.0.0.1', '-p', '0', '--silent'],
    /listening on 127\.0\.0\.1:(\d+)/,
  );
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process has exited. */
export async function stopService(service: Service): Promise<void> {
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
