/**
 * The errors of the HTTP clients people use, made by the real clients against a local node:http
 * server, through the default classifier chain: the verdict and the server's delay hint.
 */
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AnonymousCredential, BlobClient } from '@azure/storage-blob';
import axios from 'axios';
import { request as gaxios } from 'gaxios';
import got from 'got';
import ky from 'ky';
import superagent from 'superagent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultClassifiers } from '../../../src/classify/classifiers/default.js';
import { HttpError } from '../../../src/classify/http-error.js';
import type { Verdict } from '../../../src/classify/verdict.js';
import { Retryer, retryInfo } from '../../../src/index.js';
import { ctx, firstVerdict } from './fixtures.js';

/** `/<status>?after=<seconds>` answers that status with that `Retry-After`; `/hang` never answers. */
function answer(req: IncomingMessage, res: import('node:http').ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname.endsWith('/hang')) return;
  const status = Number(/\d{3}/.exec(url.pathname)?.[0] ?? 500);
  const after = url.searchParams.get('after');
  const headers: Record<string, string> = { 'content-type': 'text/plain' };
  if (after !== null) headers['retry-after'] = after;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : 'no');
}

let server: Server;
let base: string;
let closedBase: string;

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedBase = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const verdict = (error: unknown): Verdict | undefined => firstVerdict(defaultClassifiers(), error);
const caught = (promise: PromiseLike<unknown>): Promise<unknown> =>
  Promise.resolve(promise).then(
    () => {
      throw new Error('expected the client to throw');
    },
    (error: unknown) => error,
  );

/** Each client's real error for `url`, as its users see it. */
const clients: Record<string, (url: string) => Promise<unknown>> = {
  'fetch + HttpError': async (url) => {
    const res = await fetch(url);
    return new HttpError(res);
  },
  got: (url) => caught(got(url, { retry: { limit: 0 } })),
  axios: (url) => caught(axios.get(url)),
  ky: (url) => caught(ky(url, { retry: 0 })),
  superagent: (url) => caught(superagent.get(url)),
  'gaxios (Google APIs)': (url) => caught(gaxios({ url, retry: false })),
  'node:http IncomingMessage': (url) =>
    new Promise((resolve) =>
      get(url, (res) => {
        res.resume();
        resolve(res);
      }),
    ),
  'node:http, an error with res': (url) =>
    new Promise((resolve) =>
      get(url, (res) => {
        res.resume();
        resolve(Object.assign(new Error(`HTTP ${res.statusCode}`), { res }));
      }),
    ),
  'Azure SDK RestError': (url) => {
    const { origin, pathname, search } = new URL(url);
    const blobUrl = `${origin}${pathname}/devstoreaccount1/c/b${search}`;
    const blob = new BlobClient(blobUrl, new AnonymousCredential(), {
      retryOptions: { maxTries: 1 },
    });
    return caught(blob.getProperties());
  },
  'AWS SDK v3 (HeadObject)': (url) => {
    const { origin, pathname, search } = new URL(url);
    const s3 = new S3Client({
      endpoint: origin,
      region: 'us-east-1',
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    // The path becomes the bucket; the query keeps the server's Retry-After.
    const bucket = pathname.slice(1);
    s3.middlewareStack.add(
      (next) => (args) => {
        const request = (args as { request: { query: Record<string, string> } }).request;
        for (const [key, value] of new URLSearchParams(search)) request.query[key] = value;
        return next(args);
      },
      { step: 'build' },
    );
    return caught(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k' })));
  },
};

describe('the default classifiers on real HTTP client errors', () => {
  const names = Object.keys(clients);

  it.each(names)('%s: retries a 503 after its Retry-After', async (name) => {
    const error = await clients[name]?.(`${base}/503?after=7`);
    expect(verdict(error)).toEqual({ retryable: true, reason: 'http 503', delayMs: 7_000 });
  });

  it.each(names)('%s: retries a 429 as throttled, after its Retry-After', async (name) => {
    const error = await clients[name]?.(`${base}/429?after=2`);
    expect(verdict(error)).toEqual({
      retryable: true,
      reason: 'http 429',
      throttled: true,
      delayMs: 2_000,
    });
  });

  it.each(names)('%s: fails a 404 at once', async (name) => {
    const error = await clients[name]?.(`${base}/404`);
    expect(verdict(error)).toEqual({ retryable: false, reason: 'http 404' });
  });

  it.each(names.filter((name) => !name.startsWith('node:http')))(
    '%s: retries a refused connection',
    async (name) => {
      const error = await caught(
        (async () => {
          const thrown = await clients[name]?.(`${closedBase}/503`);
          if (thrown instanceof HttpError) return thrown;
          throw thrown;
        })(),
      );
      expect(verdict(error)).toMatchObject({ retryable: true });
      expect(verdict(error)?.reason).toMatch(/^network (ECONNREFUSED|: )/);
    },
  );
});

describe('client timeouts', () => {
  const hang = () => `${base}/hang`;

  it.each([
    [
      'got',
      'network ETIMEDOUT',
      () => caught(got(hang(), { retry: { limit: 0 }, timeout: { request: 10 } })),
    ],
    ['axios', 'network ECONNABORTED', () => caught(axios.get(hang(), { timeout: 10 }))],
    ['superagent', 'network ECONNABORTED', () => caught(superagent.get(hang()).timeout(10))],
    ['ky', 'timeout: TimeoutError', () => caught(ky(hang(), { retry: 0, timeout: 10 }))],
    [
      'fetch with AbortSignal.timeout()',
      'timeout: AbortSignal.timeout',
      () => caught(fetch(hang(), { signal: AbortSignal.timeout(10) })),
    ],
  ] as const)('%s: retried as %s', async (_name, reason, make) => {
    const error = await make();
    expect(verdict(error)).toEqual({ retryable: true, reason });
  });
});

describe('AbortSignal.timeout() on one attempt and on the whole run', () => {
  const hang = () => `${base}/hang`;

  it('retries an attempt its own AbortSignal.timeout() cut short', async () => {
    let calls = 0;
    const retryer = new Retryer({ maxAttempts: 2, initialDelayMs: 1 });
    const error = await caught(
      retryer.run(() => {
        calls++;
        return fetch(hang(), { signal: AbortSignal.timeout(10) });
      }),
    );
    expect(calls).toBe(2);
    expect(retryInfo(error)).toMatchObject({ attempts: 2, reason: 'attempts' });
  });

  it("stops the run, unclassified, when the run's signal is AbortSignal.timeout()", async () => {
    let calls = 0;
    const signal = AbortSignal.timeout(10);
    const retryer = new Retryer({ maxAttempts: 5, initialDelayMs: 1 });
    const error = await caught(
      retryer.run(
        ({ signal: attemptSignal }) => {
          calls++;
          return fetch(hang(), { signal: attemptSignal });
        },
        { signal },
      ),
    );
    expect(error).toBe(signal.reason);
    expect((error as Error).name).toBe('TimeoutError');
    expect(calls).toBe(1);
    expect(retryInfo(error)).toMatchObject({ attempts: 1, reason: 'aborted' });
  });
});

describe('errors with only a status', () => {
  it('uses ctx.now for an HTTP-date Retry-After on a real HttpError', async () => {
    const date = new Date(ctx.now + 4_000).toUTCString();
    const res = new Response('busy', { status: 503, headers: { 'Retry-After': date } });
    expect(verdict(new HttpError(res))?.delayMs).toBe(4_000);
  });
});
