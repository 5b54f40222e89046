/**
 * One retry layer: the interceptor decides retries, grpc-js keeps only its transparent retries
 * (a stream the server refused before its application saw it), and a service-config retry
 * policy cannot stack on the interceptor. Counted on the server.
 */
import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { retryClientOptions, retryInterceptor } from '../../src/grpc/index.js';
import { Retryer } from '../../src/index.js';
import { type EchoClient, EchoService } from '../support/echo-server.js';
import { useEchoServer } from '../support/use-echo-server.js';

const { UNAVAILABLE } = grpc.status;

const echo = useEchoServer();

const retryConfig = JSON.stringify({
  methodConfig: [
    {
      name: [{ service: 'retrywise.echo.EchoService' }],
      retryPolicy: {
        maxAttempts: 3,
        initialBackoff: '0.001s',
        maxBackoff: '0.002s',
        backoffMultiplier: 1,
        retryableStatusCodes: ['UNAVAILABLE'],
      },
    },
  ],
});

function retryer(): Retryer {
  return new Retryer({ maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 });
}

function echoOnce(client: grpc.Client): Promise<grpc.ServiceError | null> {
  return new Promise((resolve) => {
    (client as EchoClient).Echo({ value: 'x' }, new grpc.Metadata(), {}, (error) => resolve(error));
  });
}

const open: { close(): void }[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

describe('retryClientOptions', () => {
  it('refuses a service config with a retryPolicy or hedgingPolicy, naming it', () => {
    expect(() => retryClientOptions(retryer(), { 'grpc.service_config': retryConfig })).toThrow(
      /grpc.service_config has a retryPolicy in methodConfig\[0\]/,
    );
    const hedging = JSON.stringify({
      methodConfig: [{ name: [{}], hedgingPolicy: { maxAttempts: 2 } }],
    });
    expect(() => retryClientOptions(retryer(), { 'grpc.service_config': hedging })).toThrow(
      TypeError,
    );
  });

  it('keeps the caller’s options and interceptors, and adds its own last', () => {
    const mine: grpc.Interceptor = (options, next) => new grpc.InterceptingCall(next(options));
    const options = { interceptors: [mine], 'grpc.primary_user_agent': 'me' };
    const result = retryClientOptions(retryer(), options);
    expect(result.interceptors?.[0]).toBe(mine);
    expect(result.interceptors).toHaveLength(2);
    expect(result['grpc.primary_user_agent']).toBe('me');
    expect(result['grpc.enable_retries']).toBeUndefined();
    expect(options.interceptors).toHaveLength(1);
  });

  it('makes a resolver-supplied retry policy one attempt: 3 hits, not 3 × 3', async () => {
    // The policy arrives as a name resolver's would; the options come from retryClientOptions.
    const options = { ...retryClientOptions(retryer()), 'grpc.service_config': retryConfig };
    const client = echo.client(options);
    echo.server.steer(Array.from({ length: 9 }, () => ({ code: UNAVAILABLE })));
    expect((await echoOnce(client))?.code).toBe(UNAVAILABLE);
    expect(echo.server.hits).toHaveLength(3);

    const stacked = echo.client({
      interceptors: [retryInterceptor(retryer())],
      'grpc.service_config': retryConfig,
    });
    echo.server.steer(Array.from({ length: 9 }, () => ({ code: UNAVAILABLE })));
    await echoOnce(stacked);
    expect(echo.server.hits).toHaveLength(9);
  });

  it('keeps grpc-js’s transparent retry of a refused stream: 2 requests, 1 interceptor attempt', async () => {
    const { port, requests, close } = await refusingServer();
    open.push({ close });
    const attempts = (options: grpc.ClientOptions) => {
      const retried: number[] = [];
      const r = new Retryer({
        maxAttempts: 3,
        initialDelayMs: 1,
        onRetry: (e) => retried.push(e.attempt),
      });
      const client = new EchoService(
        `127.0.0.1:${port}`,
        grpc.credentials.createInsecure(),
        retryClientOptions(r, options),
      );
      open.push(client);
      return { client, retried };
    };
    const kept = attempts({});
    expect(await echoOnce(kept.client)).toBeNull();
    expect(requests()).toBe(2);
    expect(kept.retried).toEqual([]); // grpc-js retried it below the interceptor

    const off = attempts({ 'grpc.enable_retries': 0 });
    expect(await echoOnce(off.client)).toBeNull();
    expect(requests()).toBe(4);
    expect(off.retried).toEqual([1]); // with enable_retries 0 the interceptor had to
  });
});

/**
 * A bare HTTP/2 server that refuses every other stream (RST_STREAM REFUSED_STREAM, before any
 * application sees it) and answers the others with an empty OK gRPC response.
 */
async function refusingServer(): Promise<{
  port: number;
  requests: () => number;
  close: () => void;
}> {
  let count = 0;
  const server = http2.createServer();
  server.on('stream', (stream) => {
    count += 1;
    stream.on('error', () => {}); // the refused stream's own error: expected
    if (count % 2 === 1) {
      stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      return;
    }
    stream.on('data', () => {});
    stream.on('end', () => {
      stream.respond(
        { ':status': 200, 'content-type': 'application/grpc' },
        {
          waitForTrailers: true,
        },
      );
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(Buffer.from([0, 0, 0, 0, 0])); // one empty message
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { port, requests: () => count, close: () => server.close() };
}
