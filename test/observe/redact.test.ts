import { S3ServiceException } from '@aws-sdk/client-s3';
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { cloudThrottlingClassifier } from '../../src/classify/classifiers/cloud.js';
import { defaultClassifiers } from '../../src/classify/classifiers/default.js';
import { grpcClassifier } from '../../src/classify/classifiers/grpc.js';
import { httpClassifier } from '../../src/classify/classifiers/http.js';
import { networkClassifier } from '../../src/classify/classifiers/network.js';
import type { LogFields } from '../../src/observe/events.js';
import { redact } from '../../src/observe/redact.js';
import { Retryer } from '../../src/retryer.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { ctx, grpcError, metadata } from '../classify/classifiers/fixtures.js';

// Real-looking, made-up credentials (AWS's documented example key id, random-looking values).
const SIGNATURE = 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEJr%2F%2F%2F%2F%2F%2F%2F%2F%2F%2FwEaCXVzLWVhc3QtMSJH';
const SAS_SIG = 'X7pQ2%2Bk9Lm3Nw8RzT5vY1aB4cD6eF0gH2iJ4kL6mN8o%3D';
const BEARER = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const SECRETS = [SIGNATURE, KEY_ID, SESSION_TOKEN, SAS_SIG, BEARER, ACCOUNT_KEY];

const S3_PRESIGNED =
  `https://examplebucket.s3.us-east-1.amazonaws.com/reports/q3.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256` +
  `&X-Amz-Credential=${KEY_ID}%2F20261125%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261125T120000Z` +
  `&X-Amz-Expires=900&X-Amz-Security-Token=${SESSION_TOKEN}&X-Amz-SignedHeaders=host&X-Amz-Signature=${SIGNATURE}`;
const AZURE_SAS =
  `https://myaccount.blob.core.windows.net/backups/vm1.ovf?sv=2023-11-03&ss=b&srt=o&sp=rwc` +
  `&se=2026-11-26T00:00:00Z&st=2026-11-25T00:00:00Z&spr=https&sig=${SAS_SIG}`;
const AWS_AUTHORIZATION =
  `Authorization: AWS4-HMAC-SHA256 Credential=${KEY_ID}/20261125/us-east-1/s3/aws4_request, ` +
  `SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${SIGNATURE}`;

const expectNoSecret = (text: string) => {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
};

describe(redact.name, () => {
  it.each([
    [
      'a presigned S3 URL',
      S3_PRESIGNED,
      'https://examplebucket.s3.us-east-1.amazonaws.com/reports/q3.csv?',
    ],
    [
      'an Azure SAS URL',
      AZURE_SAS,
      'https://myaccount.blob.core.windows.net/backups/vm1.ovf?sv=2023-11-03',
    ],
    ['an AWS SigV4 Authorization header', AWS_AUTHORIZATION, 'Authorization: ***'],
    [
      'a Bearer header in JSON',
      `{"authorization":"Bearer ${BEARER}","host":"api"}`,
      '"host":"api"',
    ],
    ['a header in util.inspect form', `{ authorization: 'Bearer ${BEARER}' }`, '{ authorization: '],
    [
      'an Azure connection string',
      `AccountName=devstoreaccount1;AccountKey=${ACCOUNT_KEY};BlobEndpoint=x`,
      'BlobEndpoint=x',
    ],
    [
      'a presigned URL inside an encoded URL',
      `/login?next=${encodeURIComponent(S3_PRESIGNED)}`,
      '/login?next=https%3A',
    ],
    ['a SAS URL inside an encoded URL', `/r?to=${encodeURIComponent(AZURE_SAS)}`, '%26sp%3Drwc'],
  ])('masks %s and keeps the rest', (_name, text, kept) => {
    const masked = redact(`request to ${text} failed`);
    expectNoSecret(masked);
    expect(masked).toContain(kept);
    expect(masked).toContain('***');
  });

  it.each([
    [
      'a password in a database URL',
      'postgres://app:s3cr3t-Pa55@db.internal:5432/orders',
      'postgres://app:***@db.internal:5432/orders',
    ],
    ['a password in a proxy URL', 'http://:pr0xyPa55@proxy:3128/', 'http://:***@proxy:3128/'],
    [
      'an API key in a query',
      'https://api.example.com/v1/q?api_key=k3yV4lu3&q=1',
      'api_key=***&q=1',
    ],
    [
      'a client secret in a form body',
      'grant_type=x&client_secret=cl13ntS3cr3t',
      'client_secret=***',
    ],
    [
      'a password in a connection string',
      'Server=db;User Id=app;Password=s3cr3t-Pa55;Database=o',
      'Password=***;Database=o',
    ],
  ])('masks %s', (_name, text, masked) => {
    const out = redact(`connect to ${text} failed`);
    expect(out).toContain(masked);
    for (const secret of ['s3cr3t-Pa55', 'pr0xyPa55', 'k3yV4lu3', 'cl13ntS3cr3t']) {
      expect(out).not.toContain(secret);
    }
  });

  it('leaves text without credentials alone', () => {
    const text = 'GET https://example.com/a?b=1&designation=2&mysig=3 failed: http 503';
    expect(redact(text)).toBe(text);
  });
});

describe('no verdict reason carries a credential', () => {
  const leakyErrors: [string, unknown][] = [
    [
      'a network error naming a presigned URL',
      Object.assign(new Error(`connect ECONNREFUSED ${S3_PRESIGNED}`), { code: 'ECONNREFUSED' }),
    ],
    ['a message-only network error', new Error(`socket hang up while uploading to ${AZURE_SAS}`)],
    [
      'a fetch failed with a SAS URL',
      new TypeError('fetch failed', { cause: new Error(`connection reset ${AZURE_SAS}`) }),
    ],
    [
      'an HTTP error with headers',
      {
        status: 503,
        message: AWS_AUTHORIZATION,
        headers: { authorization: `Bearer ${BEARER}`, 'retry-after': '1' },
      },
    ],
    [
      'an AWS error',
      Object.assign(
        new S3ServiceException({
          name: 'SlowDown',
          $fault: 'server',
          $metadata: { httpStatusCode: 503 },
          message: S3_PRESIGNED,
        }),
        { Code: 'SlowDown' },
      ),
    ],
    [
      'a gRPC error',
      grpcError(
        status.UNAVAILABLE,
        `backend ${AZURE_SAS}`,
        metadata({ authorization: `Bearer ${BEARER}` }),
      ),
    ],
    [
      'an error whose code is a URL',
      { code: S3_PRESIGNED, name: AZURE_SAS, errors: [{ reason: AWS_AUTHORIZATION }] },
    ],
  ];
  const classifiers = {
    grpc: grpcClassifier(),
    cloud: cloudThrottlingClassifier(),
    http: httpClassifier(),
    network: networkClassifier(),
  };

  it.each(leakyErrors)('from %s', (_name, error) => {
    for (const classify of Object.values(classifiers))
      expectNoSecret(JSON.stringify(classify(error, ctx) ?? {}));
  });

  it('nor any hook event or log field of a Retryer with the default chain', async () => {
    const lines: string[] = [];
    const logger = {
      warn: (message: string, fields: LogFields) => lines.push(message, JSON.stringify(fields)),
      error: (message: string, fields: LogFields) => lines.push(message, JSON.stringify(fields)),
      info: (message: string, fields: LogFields) => lines.push(message, JSON.stringify(fields)),
    };
    for (const [, error] of leakyErrors) {
      const clock = new FakeClock();
      const retryer = new Retryer({
        classifiers: defaultClassifiers(),
        clock,
        logger,
        onRetry: ({ verdict }) => lines.push(JSON.stringify(verdict)),
      });
      const done = retryer.run(() => {
        throw error;
      });
      const settled = done.catch(() => undefined);
      await clock.runAll();
      await settled;
    }
    expect(lines.length).toBeGreaterThan(leakyErrors.length);
    expectNoSecret(lines.join('\n'));
  });
});
