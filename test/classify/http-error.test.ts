import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { httpClassifier } from '../../src/classify/classifiers/http.js';
import { HttpError } from '../../src/classify/http-error.js';
import { ctx, throwingProxy } from './classifiers/fixtures.js';

const busy = (headers: Record<string, string> = {}, status = 503) =>
  new Response('busy', { status, statusText: 'Service Unavailable', headers });

describe(HttpError.name, () => {
  it('carries the status, reason phrase, headers and URL of the response', () => {
    const res = busy({ 'Retry-After': '3', 'x-request-id': 'r-1' });
    Object.defineProperty(res, 'url', { value: 'https://api.example.com/users/42?page=2' });
    const error = new HttpError(res);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('HttpError');
    expect(error.status).toBe(503);
    expect(error.statusText).toBe('Service Unavailable');
    expect(error.headers.get('retry-after')).toBe('3');
    expect(error.headers.get('X-Request-Id')).toBe('r-1');
    expect(error.url).toBe('https://api.example.com/users/42?page=2');
    expect(error.message).toBe(
      'HTTP 503 Service Unavailable from https://api.example.com/users/42',
    );
  });

  it('is what the HTTP classifier reads: status and delay hint', () => {
    const error = new HttpError(busy({ 'Retry-After': '3' }));
    expect(httpClassifier()(error, ctx)).toEqual({
      retryable: true,
      reason: 'http 503',
      delayMs: 3_000,
    });
    expect(httpClassifier()(new HttpError(busy({}, 404)), ctx)?.retryable).toBe(false);
  });

  it('keeps credentials, query and Set-Cookie out of its message, inspection and JSON', () => {
    const res = busy({ 'Set-Cookie': 'session=s3cr3t', 'Retry-After': '1' });
    Object.defineProperty(res, 'url', {
      value: 'https://user:pa55@blob.example.net/c/b?sv=1&sig=AbCdEf%2Bsecret#frag',
    });
    const error = new HttpError(res);
    const shown = `${error.message}\n${inspect(error)}\n${JSON.stringify(error)}`;
    for (const secret of ['pa55', 'AbCdEf', 'sig=', 's3cr3t', 'frag']) {
      expect(shown).not.toContain(secret);
    }
    expect(error.message).toBe('HTTP 503 Service Unavailable from https://blob.example.net/c/b');
    expect(error.headers.has('set-cookie')).toBe(false);
    expect(Object.keys(error).sort()).toEqual(['name', 'status', 'statusText']);
  });

  it('cancels an unread body, so the connection is free at once', async () => {
    let closed = false;
    const server = createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.write('a long body that never ends ');
      res.on('close', () => {
        closed = true;
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(new HttpError(res).status).toBe(503);
      expect(res.bodyUsed).toBe(true);
      await expect.poll(() => closed, { timeout: 2_000 }).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('leaves a body already read, or being read, alone', async () => {
    const read = busy();
    expect(await read.text()).toBe('busy');
    expect(new HttpError(read).status).toBe(503);
    const reading = busy();
    const reader = reading.body?.getReader();
    expect(new HttpError(reading).status).toBe(503);
    expect(new TextDecoder().decode((await reader?.read())?.value)).toBe('busy');
  });

  it('takes a message and a cause', () => {
    const cause = new Error('upstream');
    const error = new HttpError(busy(), { message: 'users API is down', cause });
    expect(error.message).toBe('users API is down');
    expect(error.cause).toBe(cause);
    expect('cause' in new HttpError(busy())).toBe(false);
  });

  it('works with a response-like object without headers, URL or body', () => {
    const error = new HttpError({ status: 502 });
    expect(error.message).toBe('HTTP 502');
    expect(error.headers).toBeInstanceOf(Headers);
    expect(error.url).toBe('');
    expect(httpClassifier()(error, ctx)?.reason).toBe('http 502');
  });

  it.each([
    ['undefined', undefined, 'status 0–999, got undefined'],
    ['null', null, 'status 0–999, got null'],
    ['no status', {}, 'got status undefined'],
    ['a string status', { status: '503' }, 'got status string'],
    ['a fractional status', { status: 503.5 }, 'got status 503.5'],
    ['a status above 999', { status: 1000 }, 'got status 1000'],
    ['a throwing Proxy', throwingProxy(), 'got status undefined'],
  ])('throws a TypeError naming the status for %s', (_name, response, message) => {
    expect(() => new HttpError(response as never)).toThrow(TypeError);
    expect(() => new HttpError(response as never)).toThrow(message);
  });

  it('throws a TypeError for options that are not an object', () => {
    expect(() => new HttpError(busy(), 'oops' as never)).toThrow(
      'HttpError options must be an object, got string',
    );
  });

  it('survives hostile headers and bodies', () => {
    const error = new HttpError({
      status: 503,
      headers: {
        forEach() {
          throw new Error('boom');
        },
      },
      body: {
        cancel() {
          throw new Error('locked');
        },
      },
      get url(): string {
        throw new Error('getter');
      },
    });
    expect(error.status).toBe(503);
    expect(error.url).toBe('');
  });

  it('does not reject unhandled when cancelling a body fails asynchronously', async () => {
    const error = new HttpError({
      status: 503,
      body: { cancel: () => Promise.reject(new Error('async cancel failure')) },
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(error.status).toBe(503);
  });
});
