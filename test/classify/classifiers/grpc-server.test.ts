import {
  credentials,
  type handleUnaryCall,
  Metadata,
  makeGenericClientConstructor,
  Server,
  ServerCredentials,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultClassifiers } from '../../../src/classify/classifiers/default.js';
import { grpcClassifier } from '../../../src/classify/classifiers/grpc.js';
import { Retryer } from '../../../src/retryer.js';
import { ctx, firstVerdict } from './fixtures.js';

/** A one-method service on raw bytes: the request text says how to fail. */
const service = {
  echo: {
    path: '/test.Echo/Echo',
    requestStream: false,
    responseStream: false,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  },
} as const;

let failuresLeft = 0;
const echo: handleUnaryCall<Buffer, Buffer> = (call, callback) => {
  const [kind, value = ''] = call.request.toString().split(':');
  const trailers = new Metadata();
  if (kind === 'pushback') {
    trailers.set('grpc-retry-pushback-ms', value);
    callback({ code: status.UNAVAILABLE, details: 'busy', metadata: trailers });
  } else if (kind === 'invalid') {
    callback({
      code: status.INVALID_ARGUMENT,
      details: 'dial tcp 10.0.0.7:443: connect ECONNREFUSED',
    });
  } else if (kind === 'flaky' && failuresLeft-- > 0) {
    trailers.set('grpc-retry-pushback-ms', '2');
    callback({ code: status.UNAVAILABLE, details: 'warming up', metadata: trailers });
  } else {
    callback(null, call.request);
  }
};

const Client = makeGenericClientConstructor(service, 'Echo');
let server: Server;
let client: InstanceType<typeof Client>;

function call(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const method = client.echo as (
      req: Buffer,
      cb: (e: ServiceError | null, r?: Buffer) => void,
    ) => void;
    method.call(client, Buffer.from(text), (error, reply) =>
      error ? reject(error) : resolve(String(reply)),
    );
  });
}

beforeAll(async () => {
  server = new Server();
  server.addService(service, { echo });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
});

afterAll(async () => {
  client.close();
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
});

describe('grpcClassifier against a real gRPC server', () => {
  it('reads the pushback trailer of a real call as a delay hint', async () => {
    const error = await call('pushback:250').catch((e: unknown) => e);
    expect(grpcClassifier()(error, ctx)).toEqual({
      retryable: true,
      reason: 'grpc UNAVAILABLE',
      delayMs: 250,
    });
  });

  it.each(['-1', 'later'])('does not retry on a pushback of %j', async (value) => {
    const error = await call(`pushback:${value}`).catch((e: unknown) => e);
    expect(grpcClassifier()(error, ctx)?.retryable).toBe(false);
  });

  it('fails INVALID_ARGUMENT at once under the default chain, though details say ECONNREFUSED', async () => {
    const error = await call('invalid').catch((e: unknown) => e);
    expect(firstVerdict(defaultClassifiers(), error)).toEqual({
      retryable: false,
      reason: 'grpc INVALID_ARGUMENT',
    });
  });

  it('lets a Retryer get through two UNAVAILABLEs, waiting the pushback', async () => {
    failuresLeft = 2;
    const delays: number[] = [];
    const retryer = new Retryer({
      initialDelayMs: 1,
      jitter: 'none',
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    await expect(retryer.run(() => call('flaky'))).resolves.toBe('flaky');
    expect(delays).toEqual([2, 2]);
  });
});
