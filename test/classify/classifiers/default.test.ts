import { S3ServiceException } from '@aws-sdk/client-s3';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { defaultClassifiers } from '../../../src/classify/classifiers/default.js';
import { retryInfo } from '../../../src/observe/retry-info.js';
import { Retryer } from '../../../src/retryer.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';
import { firstVerdict, grpcError, hostileInputs, metadata } from './fixtures.js';

const awsError = (name: string, httpStatusCode: number) =>
  Object.assign(new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode } }), {
    Code: name,
  });
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:443'), { code: 'ECONNREFUSED' });

describe(defaultClassifiers.name, () => {
  const decide = (error: unknown) => firstVerdict(defaultClassifiers(), error);

  const rows: [string, unknown, boolean, string][] = [
    ['gRPC UNAVAILABLE', grpcError(status.UNAVAILABLE), true, 'grpc UNAVAILABLE'],
    [
      'gRPC INTERNAL (not in the standard preset)',
      grpcError(status.INTERNAL),
      false,
      'grpc INTERNAL',
    ],
    [
      'gRPC INVALID_ARGUMENT whose details say ECONNREFUSED',
      grpcError(status.INVALID_ARGUMENT, 'dial tcp: connect ECONNREFUSED'),
      false,
      'grpc INVALID_ARGUMENT',
    ],
    [
      'gRPC NOT_FOUND caused by a network error',
      Object.assign(grpcError(status.NOT_FOUND), { cause: refused() }),
      false,
      'grpc NOT_FOUND',
    ],
    [
      'AWS ThrottlingException with HTTP 400',
      awsError('ThrottlingException', 400),
      true,
      'cloud ThrottlingException',
    ],
    ['AWS SlowDown with HTTP 503', awsError('SlowDown', 503), true, 'cloud SlowDown'],
    ['AWS AccessDenied with HTTP 403', awsError('AccessDenied', 403), false, 'cloud AccessDenied'],
    ['AWS NoSuchKey with HTTP 404', awsError('NoSuchKey', 404), false, 'cloud NoSuchKey'],
    ['AWS NoSuchKey wrongly sent with 503', awsError('NoSuchKey', 503), false, 'cloud NoSuchKey'],
    ['an unmodeled AWS error with 503', awsError('Unknown', 503), true, 'http 503'],
    [
      'Azure ServerBusy',
      new RestError('busy', { code: 'ServerBusy', statusCode: 503 }),
      true,
      'cloud ServerBusy',
    ],
    [
      'Azure BlobNotFound',
      new RestError('gone', { code: 'BlobNotFound', statusCode: 404 }),
      false,
      'cloud BlobNotFound',
    ],
    ['a fetch Response 429', { response: new Response(null, { status: 429 }) }, true, 'http 429'],
    ['HTTP 404', { status: 404 }, false, 'http 404'],
    [
      'HTTP 400 whose message says connection refused',
      Object.assign(new Error('connection refused'), { status: 400 }),
      false,
      'http 400',
    ],
    [
      'ECONNRESET',
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      true,
      'network ECONNRESET',
    ],
    [
      'fetch failed → ECONNREFUSED',
      new TypeError('fetch failed', { cause: refused() }),
      true,
      'network ECONNREFUSED',
    ],
    [
      'a Go-style message',
      new Error('read tcp 10.0.0.1:443: i/o timeout'),
      true,
      'network i/o timeout',
    ],
    ['a plain Error', new Error('bucket name too long'), false, 'all abstain'],
    ...hostileInputs.map(([name, make]): [string, unknown, boolean, string] => [
      name,
      make(),
      false,
      'all abstain',
    ]),
  ];

  it.each(
    rows.map(([name, error, retryable, reason]) => [name, retryable, reason, error] as const),
  )('%s → retryable %s (%s)', (_name, retryable, reason, error) => {
    const verdict = decide(error);
    if (reason === 'all abstain') expect(verdict).toBeUndefined();
    else expect(verdict).toMatchObject({ retryable, reason });
  });

  it.each([
    [
      'ServerBusy, 503',
      503,
      { 'x-ms-error-code': 'ServerBusy', 'retry-after': '1' },
      { retryable: true, reason: 'cloud ServerBusy', throttled: true, delayMs: 1000 },
    ],
    [
      'BlobNotFound, 404',
      404,
      { 'x-ms-error-code': 'BlobNotFound' },
      { retryable: false, reason: 'cloud BlobNotFound' },
    ],
    [
      'no error code, 500',
      500,
      { 'x-ms-retry-after-ms': '20' },
      { retryable: true, reason: 'http 500', delayMs: 20 },
    ],
    ['no error code, 200', 200, {}, undefined],
  ] as const)(
    'classifies a raw Azure PipelineResponse (%s), as the Retry phase sees it',
    (_name, status, headers, verdict) => {
      const response = {
        status,
        headers: createHttpHeaders(headers),
        request: createPipelineRequest({ url: 'https://acct.blob.core.windows.net/c/b' }),
      };
      expect(firstVerdict(defaultClassifiers(), response)).toEqual(verdict);
    },
  );

  it('passes the server hints through', () => {
    const error = grpcError(
      status.UNAVAILABLE,
      'busy',
      metadata({ 'grpc-retry-pushback-ms': '1200' }),
    );
    expect(decide(error)).toMatchObject({ retryable: true, delayMs: 1200 });
  });

  it('returns a new array each time', () => {
    const chain = defaultClassifiers();
    expect(chain).toHaveLength(4);
    expect(defaultClassifiers()).not.toBe(chain);
  });
});

describe('the default chain in a Retryer (precedence)', () => {
  it('retries AWS ThrottlingException sent with HTTP 400', async () => {
    const clock = new FakeClock();
    const retryer = new Retryer({ classifiers: defaultClassifiers(), clock, random: () => 0.5 });
    let calls = 0;
    const done = retryer.run(() => {
      calls++;
      if (calls < 3) throw awsError('ThrottlingException', 400);
      return 'ok';
    });
    await clock.runAll();
    await expect(done).resolves.toBe('ok');
    expect(calls).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('does not retry gRPC INVALID_ARGUMENT whose details say ECONNREFUSED', async () => {
    const clock = new FakeClock();
    const retryer = new Retryer({ classifiers: defaultClassifiers(), clock });
    const error = grpcError(status.INVALID_ARGUMENT, 'upstream: connect ECONNREFUSED 10.0.0.7:443');
    let calls = 0;
    const done = retryer.run(() => {
      calls++;
      throw error;
    });
    const settled = expect(done).rejects.toBe(error);
    await clock.runAll();
    await settled;
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
    expect(retryInfo(error)?.reason).toBe('non-retryable');
  });

  it('is what a Retryer uses when given no classifiers', async () => {
    const clock = new FakeClock();
    const retryer = new Retryer({ clock });
    let calls = 0;
    const done = retryer.run(() => {
      calls++;
      if (calls < 2) throw awsError('ThrottlingException', 400);
      return 'ok';
    });
    await clock.runAll();
    await expect(done).resolves.toBe('ok');
    expect(calls).toBe(2);
  });
});
