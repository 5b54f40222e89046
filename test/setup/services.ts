/**
 * vitest globalSetup: starts Azurite (blob, in memory) and s3rver on OS-assigned ports of
 * 127.0.0.1 for the whole run, hands their ports to the tests (`inject('azuritePort')`,
 * `inject('s3Port')`), and stops both afterwards by the PIDs it spawned.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    azuritePort: number;
    s3Port: number;
  }
}

interface Service {
  readonly name: string;
  readonly child: ChildProcess;
  readonly port: number;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/** Spawns `bin` and resolves once its output matches `ready` (group 1 = the port). */
function start(name: string, bin: string, args: string[], ready: RegExp): Promise<Service> {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${name} ${why}:\n${output}`));
    };
    const timer = setTimeout(() => fail('was not ready in time'), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({ name, child, port: Number(match[1]) });
    };
    const onExit = (code: number | null, signal: string | null): void =>
      fail(`exited early (${code ?? signal})`);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (error) => fail(`failed to start: ${error.message}`));
  });
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process has exited. */
async function stop(service: Service): Promise<void> {
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const s3Dir = mkdtempSync(join(tmpdir(), 'retryer-s3rver-'));
  const started = await Promise.allSettled([
    start(
      'azurite',
      'node_modules/.bin/azurite-blob',
      [
        ...['--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence'],
        ...['--silent', '--skipApiVersionCheck', '--disableTelemetry'],
      ],
      /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/,
    ),
    start(
      's3rver',
      'node_modules/.bin/s3rver',
      ['-d', s3Dir, '-a', '127.0.0.1', '-p', '0', '--silent'],
      /listening on 127\.0\.0\.1:(\d+)/,
    ),
  ]);
  const services = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const teardown = async (): Promise<void> => {
    await Promise.all(services.map(stop));
    rmSync(s3Dir, { recursive: true, force: true });
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed !== undefined) {
    await teardown();
    throw failed.reason;
  }
  const [azurite, s3rver] = services as [Service, Service];
  project.provide('azuritePort', azurite.port);
  project.provide('s3Port', s3rver.port);
  return teardown;
}
