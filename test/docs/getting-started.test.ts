/**
 * The getting-started sample and the README's, as the pages print them, against a local server
 * that answers 503 with `Retry-After`: the retry waits what the server asked, on vitest's fake
 * timers.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
/** The first ```ts block of a page. */
const firstSample = (path: string) =>
  /^```ts\n([\s\S]*?)^```$/m.exec(readFileSync(join(root, path), 'utf8'))?.[1] ?? '';
/** "The ten-line example". */
const sample = firstSample('docs/getting-started.md');
const SAMPLE_URL = 'https://api.example.com/users/42';
const readme = firstSample('README.md');
const README_URL = 'https://example.com/data';

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

/** A sample with its URL pointed at the local server, and `tail` appended. */
function writeSample(name: string, code: string, url: string, tail: string): string {
  const { port } = server.address() as AddressInfo;
  const src = relative(dir, join(root, 'src', 'index.js'));
  const local = code
    .replace(url, `http://127.0.0.1:${port}/users/42`)
    .replace("from 'retrywise'", `from '${src.startsWith('.') ? src : `./${src}`}'`);
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, `${local}\n${tail}\n`);
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
    const file = writeSample(
      `retry-after-${header.replace('.', '_')}`,
      sample,
      SAMPLE_URL,
      'export { user };',
    );
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

describe('README.md, the first example', () => {
  it('uses the URL and the error this test relies on', () => {
    expect(readme).toContain(README_URL);
    expect(readme).toContain('throw new HttpError(res)');
  });

  it.each([
    ['2', 2_000],
    ['5', 5_000],
  ])('waits what Retry-After: %s asks, and prints the body', async (header, waitMs) => {
    hits = [];
    retryAfter = header;
    const printed: unknown[] = [];
    const log = vi
      .spyOn(console, 'log')
      .mockImplementation((value: unknown) => printed.push(value));
    try {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
      const file = writeSample(`readme-${header}`, readme, README_URL, 'export {};');
      const module = import(pathToFileURL(file).href);
      await requests(1);
      await vi.advanceTimersByTimeAsync(waitMs - 1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(hits).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await requests(2);
      await module;
      expect(printed).toEqual(['{"id":42}']);
      expect((hits[1] ?? 0) - (hits[0] ?? 0)).toBe(waitMs);
    } finally {
      log.mockRestore();
    }
  });
});
