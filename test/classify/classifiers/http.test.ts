import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClassifier } from '../../../src/classify/classifiers/http.js';
import { RETRYABLE_HTTP_STATUSES } from '../../../src/classify/classifiers/http-statuses.js';
import { Retryer } from '../../../src/retryer.js';
import { ctx, cyclicError, hostileInputs, throwingGetters } from './fixtures.js';

const classify = httpClassifier();
const withStatus = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status });

describe(httpClassifier.name, () => {
  it.each(RETRYABLE_HTTP_STATUSES.map((s) => [s]))('retries %i', (status) => {
    expect(classify(withStatus(status), ctx)).toMatchObject({
      retryable: true,
      reason: `http ${status}`,
    });
  });

  it.each([400, 401, 403, 404, 405, 409, 410, 412, 413, 422, 451, 501, 505, 507, 511, 599])(
    'fails %i at once',
    (status) => {
      expect(classify(withStatus(status), ctx)).toEqual({
        retryable: false,
        reason: `http ${status}`,
      });
    },
  );

  it('marks 429 as throttled even when it is not retried (the throttle counts it)', () => {
    const only503 = httpClassifier({ retryableStatuses: [503] });
    expect(only503(withStatus(429), ctx)).toEqual({
      retryable: false,
      reason: 'http 429',
      throttled: true,
    });
  });

  it('marks 429 as throttled, and only 429', () => {
    expect(classify(withStatus(429), ctx)?.throttled).toBe(true);
    expect(classify(withStatus(503), ctx)?.throttled).toBeUndefined();
  });

  it.each([
    ['status', { status: 503 }],
    ['statusCode', { statusCode: 503 }],
    ['response.status (a real fetch Response)', { response: new Response(null, { status: 503 }) }],
    ['$metadata.httpStatusCode', { $metadata: { httpStatusCode: 503 } }],
    ['a thrown fetch Response', new Response('busy', { status: 503 })],
    ['an Azure RestError', new RestError('busy', { statusCode: 503 })],
    [
      'an AWS SDK error',
      new S3ServiceException({
        name: 'Unknown',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
      }),
    ],
    ['a cause', new Error('upload failed', { cause: { statusCode: 503 } })],
  ])('reads the status from %s', (_name, error) => {
    expect(classify(error, ctx)).toEqual({ retryable: true, reason: 'http 503' });
  });

  it('takes the nearest status in the cause chain', () => {
    const error = Object.assign(new Error('outer'), { status: 404, cause: { status: 503 } });
    expect(classify(error, ctx)?.retryable).toBe(false);
  });

  it.each([
    [
      'a real fetch Response in error.response',
      (h: Record<string, string>) => ({
        response: new Response(null, { status: 503, headers: h }),
      }),
    ],
    [
      'a thrown fetch Response',
      (h: Record<string, string>) => new Response(null, { status: 503, headers: h }),
    ],
    [
      'plain headers in error.headers',
      (h: Record<string, string>) => ({ statusCode: 503, headers: h }),
    ],
    [
      'an Azure RestError with HttpHeaders',
      (h: Record<string, string>) =>
        new RestError('busy', {
          statusCode: 503,
          response: {
            status: 503,
            headers: createHttpHeaders(h),
            request: createPipelineRequest({ url: 'https://acct.blob.core.windows.net/c/b' }),
          },
        }),
    ],
    [
      'an AWS error with $response',
      (h: Record<string, string>) =>
        Object.assign(
          new S3ServiceException({
            name: 'Unknown',
            $fault: 'server',
            $metadata: { httpStatusCode: 503 },
          }),
          { $response: { statusCode: 503, headers: h } },
        ),
    ],
  ])('reads every hint header from %s', (_name, make) => {
    const cases: [Record<string, string>, number][] = [
      [{ 'Retry-After': '3' }, 3000],
      [{ 'retry-after': 'Wed, 25 Nov 2026 12:00:07 GMT' }, 7000],
      [{ 'retry-after-ms': '250' }, 250],
      [{ 'x-ms-retry-after-ms': '250' }, 250],
      [{ 'x-amz-retry-after': '250' }, 250],
    ];
    for (const [headers, delayMs] of cases) {
      expect(classify(make(headers), ctx)).toEqual({
        retryable: true,
        reason: 'http 503',
        delayMs,
      });
    }
  });

  it('ignores a garbage hint', () => {
    const error = { status: 503, headers: { 'retry-after': 'in a while' } };
    expect(classify(error, ctx)).toEqual({ retryable: true, reason: 'http 503' });
  });

  it('gives no hint for an HTTP-date when ctx is missing', () => {
    const error = { status: 503, headers: { 'retry-after': 'Wed, 25 Nov 2026 12:00:07 GMT' } };
    expect(classify(error, undefined as never)).toEqual({ retryable: true, reason: 'http 503' });
  });

  it('gives no hint on a status it does not retry', () => {
    const error = { status: 400, headers: { 'retry-after': '3' } };
    expect(classify(error, ctx)).toEqual({ retryable: false, reason: 'http 400' });
  });

  it.each([
    ['a plain Error', new Error('Service Unavailable')],
    ['a success status', { status: 200 }],
    ['a redirect', { status: 302 }],
    ['a status in a string that is not three digits', { status: '503 ' + 'x' }],
    ['a string status out of range', { status: '600' }],
    ['a string success status', { status: '200' }],
    ['a status out of range', { status: 600 }],
    ['a fractional status', { status: 503.5 }],
    ['a status word', { status: 'failed' }],
    ['a Node system error', Object.assign(new Error('x'), { code: 'ECONNRESET' })],
    ...hostileInputs.map(([name, make]) => [name, make()]),
  ] as [string, unknown][])('abstains on %s', (_name, error) => {
    expect(classify(error, ctx)).toBeUndefined();
  });

  it.each([
    ['status', { status: '503' }, 'http 503', true],
    ['statusCode', { statusCode: '429' }, 'http 429', true],
    ['response.status', { response: { status: ' 502 ' } }, 'http 502', true],
    ['status (permanent)', { status: '404' }, 'http 404', false],
  ] as const)('reads a status given as text in %s', (_path, error, reason, retryable) => {
    expect(classify(error, ctx)).toMatchObject({ reason, retryable });
  });

  it('survives throwing getters and cycles around a status', () => {
    const error = new Error('outer', { cause: throwingGetters() });
    expect(classify(error, ctx)).toBeUndefined();
    expect(classify(cyclicError({ statusCode: 502 }), ctx)?.retryable).toBe(true);
  });

  it('rejects options that are not an object', () => {
    expect(() => httpClassifier(null as never)).toThrow(TypeError);
  });

  it('honours its own list of statuses', () => {
    const only503 = httpClassifier({ retryableStatuses: [503] });
    expect(only503(withStatus(503), ctx)?.retryable).toBe(true);
    expect(only503(withStatus(500), ctx)?.retryable).toBe(false);
  });

  it.each([
    ['a string', '503', TypeError],
    ['null', null, TypeError],
    ['a status below 100', [99], RangeError],
    ['a status above 599', [600], RangeError],
    ['a fractional status', [503.5], RangeError],
    ['a numeric string', ['503'], RangeError],
  ])('rejects retryableStatuses given as %s, naming the option', (_name, statuses, type) => {
    const options = { retryableStatuses: statuses as unknown as number[] };
    expect(() => httpClassifier(options)).toThrow(type);
    expect(() => httpClassifier(options)).toThrow(/retryableStatuses/);
  });
});

describe('httpClassifier against a real HTTP server', () => {
  let server: Server;
  let url: string;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      if (hits === 1) res.writeHead(503, { 'Retry-After-Ms': '3' }).end('busy');
      else if (hits === 2) res.writeHead(429, { 'Retry-After': '0' }).end('slow down');
      else res.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('retries 503 and 429 with their hints, then succeeds', async () => {
    const verdicts: unknown[] = [];
    const retryer = new Retryer({
      classifiers: [httpClassifier()],
      initialDelayMs: 1,
      jitter: 'none',
      onRetry: ({ verdict, delayMs }) => verdicts.push({ verdict, delayMs }),
    });
    const body = await retryer.run(async () => {
      const response = await fetch(url);
      if (!response.ok) throw Object.assign(new Error(response.statusText), { response });
      return response.text();
    });
    expect(body).toBe('ok');
    expect(hits).toBe(3);
    expect(verdicts).toEqual([
      { verdict: { retryable: true, reason: 'http 503', delayMs: 3 }, delayMs: 3 },
      { verdict: { retryable: true, reason: 'http 429', throttled: true, delayMs: 0 }, delayMs: 2 },
    ]);
  });
});
