import { S3ServiceException } from '@aws-sdk/client-s3';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { cloudThrottlingClassifier } from '../../../src/classify/classifiers/cloud.js';
import {
  AWS_CLOCK_SKEW_CODES,
  AWS_THROTTLING_CODES,
  AWS_TRANSIENT_CODES,
  AZURE_THROTTLING_CODES,
  AZURE_TRANSIENT_CODES,
  GOOGLE_THROTTLING_REASONS,
  GOOGLE_TRANSIENT_REASONS,
  PERMANENT_CLOUD_CODES,
} from '../../../src/classify/classifiers/cloud-codes.js';
import { ctx, cyclicError, hostileInputs, throwingGetters, throwingProxy } from './fixtures.js';

const classify = cloudThrottlingClassifier();
const rows = (codes: readonly string[]) => codes.map((code) => [code]);

/** An AWS SDK v3 service error as the SDK builds it (name and Code, `$metadata`). */
function awsError(name: string, httpStatusCode = 400, headers: Record<string, string> = {}) {
  const error = new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode } });
  return Object.assign(error, { Code: name, $response: { statusCode: httpStatusCode, headers } });
}

/** An Azure RestError as the storage SDK throws it. */
function azureError(code: string | undefined, headers: Record<string, string> = {}) {
  return new RestError('The server is busy.', {
    ...(code === undefined ? {} : { code }),
    statusCode: 503,
    response: {
      status: 503,
      headers: createHttpHeaders(headers),
      request: createPipelineRequest({ url: 'https://acct.blob.core.windows.net/c/b' }),
    },
  });
}

/** A Google API error (googleapis / gaxios shape). */
const googleError = (reason: string) =>
  Object.assign(new Error('quota'), { code: 403, errors: [{ domain: 'usageLimits', reason }] });

describe(cloudThrottlingClassifier.name, () => {
  it.each(rows(AWS_THROTTLING_CODES))('retries AWS %s as throttling', (code) => {
    expect(classify(awsError(code), ctx)).toEqual({
      retryable: true,
      reason: `cloud ${code}`,
      throttled: true,
    });
  });

  it.each(rows(AWS_TRANSIENT_CODES))('retries AWS %s as transient', (code) => {
    expect(classify(awsError(code, 500), ctx)).toEqual({
      retryable: true,
      reason: `cloud ${code}`,
    });
  });

  it.each(rows(AZURE_THROTTLING_CODES))(
    'retries Azure %s as throttling, from code or x-ms-error-code',
    (code) => {
      const verdict = { retryable: true, reason: `cloud ${code}`, throttled: true };
      expect(classify(azureError(code), ctx)).toEqual(verdict);
      expect(classify(azureError(undefined, { 'x-ms-error-code': code }), ctx)).toEqual(verdict);
    },
  );

  it.each(rows(AZURE_TRANSIENT_CODES))('retries Azure %s, from code or x-ms-error-code', (code) => {
    const verdict = { retryable: true, reason: `cloud ${code}` };
    expect(classify(azureError(code), ctx)).toEqual(verdict);
    expect(classify(azureError(undefined, { 'x-ms-error-code': code }), ctx)).toEqual(verdict);
  });

  it.each(rows(GOOGLE_THROTTLING_REASONS))('retries Google %s as throttling', (reason) => {
    expect(classify(googleError(reason), ctx)).toEqual({
      retryable: true,
      reason: `cloud ${reason}`,
      throttled: true,
    });
  });

  it.each(rows(GOOGLE_TRANSIENT_REASONS))('retries Google %s', (reason) => {
    expect(classify(googleError(reason), ctx)).toEqual({
      retryable: true,
      reason: `cloud ${reason}`,
    });
  });

  it.each(rows(PERMANENT_CLOUD_CODES))('fails %s at once, by name, code or reason', (code) => {
    const verdict = { retryable: false, reason: `cloud ${code}` };
    expect(classify(awsError(code, 404), ctx)).toEqual(verdict);
    expect(classify(azureError(code), ctx)).toEqual(verdict);
    expect(classify(googleError(code), ctx)).toEqual(verdict);
  });

  it.each(rows(AWS_CLOCK_SKEW_CODES))('retries AWS %s once the SDK corrected its clock', (code) => {
    const error = awsError(code, 403);
    expect(classify(error, ctx)?.retryable).not.toBe(true);
    Object.assign(error.$metadata, { clockSkewCorrected: true });
    expect(classify(error, ctx)).toEqual({
      retryable: true,
      reason: `cloud ${code}, clock skew corrected`,
    });
  });

  it('reads the hint of a throttled AWS error from $response', () => {
    const error = awsError('ThrottlingException', 400, { 'x-amz-retry-after': '1500' });
    expect(classify(error, ctx)).toMatchObject({ retryable: true, throttled: true, delayMs: 1500 });
  });

  it('reads the hint of a busy Azure error from its HttpHeaders', () => {
    const error = azureError('ServerBusy', { 'retry-after': '2' });
    expect(classify(error, ctx)).toMatchObject({ retryable: true, throttled: true, delayMs: 2000 });
  });

  it('retries modeled AWS errors by $retryable', () => {
    const base = { name: 'SomeModeledFault', $metadata: {} };
    expect(classify({ ...base, $retryable: { throttling: true } }, ctx)).toEqual({
      retryable: true,
      reason: 'cloud $retryable (throttling)',
      throttled: true,
    });
    expect(classify({ ...base, $retryable: {} }, ctx)).toEqual({
      retryable: true,
      reason: 'cloud $retryable',
    });
    expect(classify({ ...base, $retryable: undefined }, ctx)).toBeUndefined();
  });

  it('takes generic names (InternalError, ServiceUnavailable) from AWS SDK errors only', () => {
    class InternalError extends Error {
      override name = 'InternalError';
    }
    expect(classify(new InternalError('bug in our code'), ctx)).toBeUndefined();
    expect(
      classify(Object.assign(new Error('x'), { name: 'ServiceUnavailable' }), ctx),
    ).toBeUndefined();
    expect(classify(awsError('InternalError', 500), ctx)?.retryable).toBe(true);
    expect(classify({ code: 'ServiceUnavailable' }, ctx)?.retryable).toBe(true);
  });

  it('leaves a TimeoutError without $metadata to the network classifier', () => {
    const socket = Object.assign(new Error('the request socket did not establish a connection'), {
      name: 'TimeoutError',
    });
    expect(classify(socket, ctx)).toBeUndefined();
    expect(classify(new DOMException('timed out', 'TimeoutError'), ctx)).toBeUndefined();
    expect(classify(awsError('TimeoutError', 500), ctx)?.reason).toBe('cloud TimeoutError');
  });

  it('finds the cloud error in the cause chain', () => {
    const error = new Error('upload failed', { cause: awsError('SlowDown', 503) });
    expect(classify(error, ctx)?.reason).toBe('cloud SlowDown');
  });

  it.each([
    ['a plain Error', new Error('ThrottlingException')],
    ['an unknown AWS error', awsError('Unknown', 503)],
    ['an Azure error without a code', azureError(undefined)],
    ['a Node system error', Object.assign(new Error('x'), { code: 'ECONNRESET' })],
    ['a gRPC error', { code: 14, details: 'x' }],
    ['a lower-case code', { code: 'throttling' }],
    ['a hostile errors list', { errors: throwingProxy() }],
    ['an errors list of primitives', { errors: [null, 1, 'rateLimitExceeded'] }],
    ...hostileInputs.map(([name, make]) => [name, make()]),
  ] as [string, unknown][])('abstains on %s', (_name, error) => {
    expect(classify(error, ctx)).toBeUndefined();
  });

  it('survives throwing getters and cycles', () => {
    expect(classify(new Error('x', { cause: throwingGetters() }), ctx)).toBeUndefined();
    expect(classify(cyclicError({ code: 'ServerBusy' }), ctx)?.throttled).toBe(true);
  });
});
