/**
 * The getting-started sample, as the page prints it, against a local server that answers 503 with
 * `Retry-After`: the retry waits what the server asked, on vitest's fake timers.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const page = readFileSync(join(root, 'docs', 'getting-started.md'), 'utf8');
/** The first ```ts block: "The ten-line example". */
const sample = /^```ts\n([\s\S]*?)^```$/m.exec(page)?.[1] ?? '';
const SAMPLE_URL = 'https://api.example.com/users/42';

let dir: string;
let server: Server;
/** When (on the faked `Date`) each request reached the server. */
let hits: number[];
let retryAfter: string;

beforeAll(async () => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(root, '.tmp', 'getting-started-'));
  server = createServer((_req, res) => {
    hits.push(Date.now());
    if (hits.length === 1) {
      res.writeHead(503, { 'Retry-After': retryAfter }).end('busy');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":42}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

/** The sample with its URL pointed at the local server and `user` exported. */
function writeSample(name: string): string {
  const { port } = server.address() as AddressInfo;
  const src = relative(dir, join(root, 'src', 'index.js'));
  const code = sample
    .replace(SAMPLE_URL, `http://127.0.0.1:${port}/users/42`)
    .replace("from 'retrywise'", `from '${src.startsWith('.') ? src : `./${src}`}'`);
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, `${code}\nexport { user };\n`);
  return file;
}

/** Waits, in real time (vi.waitFor would advance the fake clock), for `count` requests. */
async function requests(count: number): Promise<void> {
  const start = performance.now(); // not faked
  while (hits.length < count) {
    if (performance.now() - start > 5_000) {
      throw new Error(`expected ${count} requests, got ${hits.length}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('docs/getting-started.md, the ten-line example', () => {
  it('uses the URL and the error this test relies on', () => {
    expect(sample).toContain(SAMPLE_URL);
    expect(sample).toContain('throw new HttpError(res)');
  });

  it.each([
    ['3', 3_000],
    ['7', 7_000],
    ['1.5', 1_500],
  ])('waits what Retry-After: %s asks before the next attempt', async (header, waitMs) => {
    hits = [];
    retryAfter = header;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
    const file = writeSample(`retry-after-${header.replace('.', '_')}`);
    const module = import(pathToFileURL(file).href) as Promise<{ user: unknown }>;
    await requests(1);
    // The first attempt failed with 503: the run sleeps on the (fake) timer.
    await vi.advanceTimersByTimeAsync(waitMs - 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(hits).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await requests(2);
    expect((await module).user).toEqual({ id: 42 });
    expect((hits[1] ?? 0) - (hits[0] ?? 0)).toBe(waitMs);
  });
});
