/**
 * Service config in, same behaviour out: one grpc-js service config given to grpc-js (its own
 * retries) and to retrywise (retryersFromServiceConfig + the interceptor), against one real
 * server steered by metadata as in grpc-js's tests. Same hits, same final statuses.
 */
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { retryClientOptions, retryersFromServiceConfig } from '../../src/grpc/index.js';
import type { EchoClient } from '../support/echo-server.js';
import { useEchoServer } from '../support/use-echo-server.js';

const { RESOURCE_EXHAUSTED, NOT_FOUND, UNAVAILABLE } = grpc.status;

const echo = useEchoServer();

function config(retryPolicy: object, extra: object = {}): string {
  return JSON.stringify({
    methodConfig: [{ name: [{ service: 'retrywise.echo.EchoService' }], retryPolicy }],
    ...extra,
  });
}

const policy = {
  maxAttempts: 3,
  initialBackoff: '0.002s',
  maxBackoff: '0.01s',
  backoffMultiplier: 2,
  retryableStatusCodes: [14, 'RESOURCE_EXHAUSTED'],
};

interface Ending {
  hits: number;
  code: number;
  details: string;
}

function echoCall(client: EchoClient, metadata: Record<string, string>): Promise<Ending> {
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(metadata)) md.set(k, v);
  echo.server.steer([]);
  return new Promise((resolve) => {
    client.Echo({ value: 'v' }, md, {}, (error) =>
      resolve({
        hits: echo.server.hits.length,
        code: error?.code ?? grpc.status.OK,
        details: error?.details ?? '',
      }),
    );
  });
}

/** The same call through grpc-js's retries and through retrywise's, one after the other. */
async function both(serviceConfig: string, metadata: Record<string, string>) {
  const grpcJs = await echoCall(echo.client({ 'grpc.service_config': serviceConfig }), metadata);
  const retrywise = await echoCall(
    echo.client(retryClientOptions(retryersFromServiceConfig(serviceConfig))),
    metadata,
  );
  return { grpcJs, retrywise };
}

const steered = (succeedOn: number, code: number) => ({
  'succeed-on-retry-attempt': String(succeedOn),
  'respond-with-status': String(code),
});

describe('retryersFromServiceConfig, against grpc-js given the same config', () => {
  it.each([
    ['succeeds after retries', steered(2, RESOURCE_EXHAUSTED), { hits: 3, code: 0 }],
    ['runs out of attempts', steered(4, UNAVAILABLE), { hits: 3, code: UNAVAILABLE }],
    ['stops at a code the policy does not list', steered(2, NOT_FOUND), { hits: 1, code: 5 }],
    ['stops at a code outside 0-16', steered(2, 300), { hits: 1, code: 300 }],
  ])('%s: same hits, same final status', async (_, metadata, expected) => {
    const { grpcJs, retrywise } = await both(config(policy), metadata);
    expect(retrywise).toEqual(grpcJs);
    expect(retrywise).toMatchObject(expected);
  });

  it('caps maxAttempts at 5 as grpc-js does: 5 hits for maxAttempts 10', async () => {
    const { grpcJs, retrywise } = await both(
      config({ ...policy, maxAttempts: 10 }),
      steered(6, RESOURCE_EXHAUSTED),
    );
    expect(retrywise).toEqual(grpcJs);
    expect(retrywise).toEqual({ hits: 5, code: RESOURCE_EXHAUSTED, details: 'Failed on retry 4' });
  });

  it('applies retryThrottling as one shared budget: an empty bucket stops the retry', async () => {
    // maxTokens 2: the first failure leaves 1 token, not above half: no retry.
    const throttled = config(policy, { retryThrottling: { maxTokens: 2, tokenRatio: 0.1 } });
    const { grpcJs, retrywise } = await both(throttled, steered(2, UNAVAILABLE));
    expect(retrywise).toEqual(grpcJs);
    expect(retrywise.hits).toBe(1);
  });

  it('leaves methods the config does not name alone: one hit', async () => {
    const other = JSON.stringify({
      methodConfig: [{ name: [{ service: 'other.Service' }], retryPolicy: policy }],
    });
    const { grpcJs, retrywise } = await both(other, steered(1, UNAVAILABLE));
    expect(retrywise).toEqual(grpcJs);
    expect(retrywise.hits).toBe(1);
  });
});

describe('retryersFromServiceConfig', () => {
  const entry = (name: object) => ({ name: [name], retryPolicy: policy });

  it('matches names as gRPC does: method, then service, then the default', () => {
    const byName = retryersFromServiceConfig({
      methodConfig: [
        { name: [{ service: 's.S', method: 'M' }], retryPolicy: { ...policy, maxAttempts: 2 } },
        entry({ service: 's.S' }),
        { name: [{}], retryPolicy: { ...policy, maxAttempts: 4 } },
      ],
    });
    expect(byName('/s.S/M')).not.toBe(byName('/s.S/N'));
    expect(byName('/s.S/N')).toBe(byName('/s.S/O'));
    expect(byName('/t.T/M')).not.toBe(byName('/s.S/N'));
    expect(byName('/t.T/M')).toBeDefined();
    expect(
      retryersFromServiceConfig({ methodConfig: [entry({ service: 's.S' })] })('/t.T/M'),
    ).toBeUndefined();
  });

  it.each([
    [
      { ...policy, maxAttempts: 1 },
      /methodConfig\[0\]\.retryPolicy\.maxAttempts must be an integer >= 2, got 1/,
    ],
    [
      { ...policy, initialBackoff: '100ms' },
      /retryPolicy\.initialBackoff must be a duration like '0\.1s', got 100ms/,
    ],
    [
      { ...policy, backoffMultiplier: 0 },
      /retryPolicy\.backoffMultiplier must be a number > 0, got 0/,
    ],
    [{ ...policy, retryableStatusCodes: [] }, /retryableStatusCodes must be a non-empty array/],
    [{ ...policy, retryableStatusCodes: ['NOPE'] }, /unknown status code: NOPE/],
  ])('rejects a policy grpc-js would reject, naming the field (%#)', (retryPolicy, message) => {
    expect(() =>
      retryersFromServiceConfig({ methodConfig: [{ name: [{}], retryPolicy }] }),
    ).toThrow(message);
  });

  it('rejects maxAttemptsLimit below 1 and a method with both policies', () => {
    expect(() => retryersFromServiceConfig({}, { maxAttemptsLimit: 0 })).toThrow(RangeError);
    expect(() =>
      retryersFromServiceConfig({
        methodConfig: [{ name: [{}], retryPolicy: policy, hedgingPolicy: { maxAttempts: 2 } }],
      }),
    ).toThrow(/retryPolicy and hedgingPolicy cannot both be set/);
  });
});
