/**
 * retryInterceptor on streaming calls against a real grpc-js server, with gRPC A6's commit rule:
 * retried until a response reaches the caller or the request buffer outgrows its limit.
 */
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { type RetryInterceptorOptions, retryInterceptor } from '../../src/grpc/index.js';
import { Retryer, type RetryOptions } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import type { EchoMessage } from '../support/echo-server.js';
import { until } from '../support/grpc-calls.js';
import { readAll, useEchoServer } from '../support/use-echo-server.js';

const { UNAVAILABLE, CANCELLED, OK } = grpc.status;

const echo = useEchoServer();

function clientWith(options: RetryOptions = {}, buffer: RetryInterceptorOptions = {}) {
  const retryer = new Retryer({ initialDelayMs: 1, maxDelayMs: 5, jitter: 'none', ...options });
  return echo.client({ interceptors: [retryInterceptor(retryer, buffer)] });
}

/** Writes `values` to a client stream, then ends it. */
function writeAll(
  stream: grpc.ClientWritableStream<EchoMessage> | grpc.ClientDuplexStream<EchoMessage, unknown>,
  messages: EchoMessage[],
): void {
  for (const message of messages) stream.write(message);
  stream.end();
}

function collect(
  client: ReturnType<typeof clientWith>,
  messages: EchoMessage[],
): Promise<{ error: grpc.ServiceError | null; response: EchoMessage | undefined }> {
  return new Promise((resolve) => {
    const stream = client.Collect(new grpc.Metadata(), {}, (error, response) =>
      resolve({ error, response }),
    );
    writeAll(stream, messages);
  });
}

describe('server-streaming calls', () => {
  it('are retried when they fail before the first message reaches the caller', async () => {
    echo.server.steer([{ code: UNAVAILABLE }, { code: UNAVAILABLE }]);
    const { messages, error } = await readAll(clientWith().Watch({ value: 'w', value2: 3 }));
    expect(error).toBeUndefined();
    expect(messages.map((m) => m.value)).toEqual(['w-1', 'w-2', 'w-3']);
    expect(echo.server.hits).toHaveLength(3);
    expect(echo.server.hits[2]?.metadata.get('grpc-previous-rpc-attempts')).toEqual(['2']);
  });

  it('are committed by the first message: a later failure goes to the caller, no retry', async () => {
    echo.server.steer([{ code: UNAVAILABLE, sendFirst: 2, details: 'lost the stream' }]);
    const { messages, error } = await readAll(clientWith().Watch({ value: 'w', value2: 3 }));
    expect(messages.map((m) => m.value)).toEqual(['w-1', 'w-2']);
    expect(error?.code).toBe(UNAVAILABLE);
    expect(error?.details).toBe('lost the stream');
    expect(echo.server.hits).toHaveLength(1);
  });

  it('give up with the last status when attempts run out', async () => {
    echo.server.steer([1, 2, 3].map((n) => ({ code: UNAVAILABLE, details: `down ${n}` })));
    const { messages, error } = await readAll(clientWith().Watch({ value: 'w', value2: 3 }));
    expect(messages).toEqual([]);
    expect(error?.details).toBe('down 3');
    expect(echo.server.hits).toHaveLength(3);
  });

  it('stop at cancel() during the backoff: CANCELLED, no further attempt, no sleep left', async () => {
    const clock = new FakeClock();
    echo.server.steer([{ code: UNAVAILABLE }]);
    const stream = clientWith({ clock, initialDelayMs: 60_000 }).Watch({ value: 'w', value2: 1 });
    const result = readAll(stream);
    await until(() => clock.pending === 1);
    stream.cancel();
    const { error } = await result;
    expect(error?.code).toBe(CANCELLED);
    expect(clock.pending).toBe(0);
    expect(echo.server.hits).toHaveLength(1);
  });

  it('stop at once when the backoff would end past the deadline: the last status', async () => {
    echo.server.steer([{ code: UNAVAILABLE, details: 'down' }]);
    const stream = clientWith({ initialDelayMs: 60_000, maxDelayMs: 60_000 }).Watch(
      { value: 'w', value2: 1 },
      new grpc.Metadata(),
      { deadline: Date.now() + 5_000 },
    );
    const started = performance.now();
    const { error } = await readAll(stream);
    expect(error?.code).toBe(UNAVAILABLE);
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(echo.server.hits).toHaveLength(1);
  });
});

describe('client-streaming calls', () => {
  it('replay every message written so far from the buffer on a retry', async () => {
    echo.server.steer([{ code: UNAVAILABLE, failAfterReceiving: 2 }]);
    const { error, response } = await collect(clientWith(), [
      { value: 'a' },
      { value: 'b' },
      { value: 'c' },
    ]);
    expect(error).toBeNull();
    expect(response?.value).toBe('a,b,c');
    expect(echo.server.hits).toHaveLength(2);
    expect(echo.server.hits[1]?.received.map((m) => m.value)).toEqual(['a', 'b', 'c']);
  });

  it('are retried while the buffer stays within perCallBufferBytes', async () => {
    echo.server.steer([{ code: UNAVAILABLE }]);
    const blob = Buffer.alloc(40);
    const { error } = await collect(clientWith({}, { perCallBufferBytes: 100 }), [
      { value: 'a', blob },
      { value: 'b', blob },
    ]);
    expect(error).toBeNull();
    expect(echo.server.hits).toHaveLength(2);
  });

  it('commit once the buffer outgrows perCallBufferBytes: the failure goes to the caller', async () => {
    echo.server.steer([{ code: UNAVAILABLE, details: 'too late' }]);
    const blob = Buffer.alloc(40);
    const { error } = await collect(clientWith({}, { perCallBufferBytes: 100 }), [
      { value: 'a', blob },
      { value: 'b', blob },
      { value: 'c', blob },
    ]);
    expect(error?.code).toBe(UNAVAILABLE);
    expect(error?.details).toBe('too late');
    expect(echo.server.hits).toHaveLength(1);
  });

  it('commit when all calls together outgrow totalBufferBytes', async () => {
    echo.server.steer([{ code: UNAVAILABLE }]);
    const { error } = await collect(clientWith({}, { totalBufferBytes: 50 }), [
      { value: 'a', blob: Buffer.alloc(60) },
    ]);
    expect(error?.code).toBe(UNAVAILABLE);
    expect(echo.server.hits).toHaveLength(1);
  });

  it('stream a large request through once committed, every write acknowledged', async () => {
    echo.server.steer([]);
    const messages = Array.from({ length: 200 }, (_, i) => ({
      value: String(i),
      blob: Buffer.alloc(1024),
    }));
    const client = clientWith({}, { perCallBufferBytes: 4096 });
    const acknowledged: number[] = [];
    const result = await new Promise<grpc.ServiceError | null>((resolve) => {
      const stream = client.Collect(new grpc.Metadata(), {}, (error) => resolve(error));
      messages.forEach((message, i) => {
        stream.write(message, () => acknowledged.push(i));
      });
      stream.end();
    });
    expect(result).toBeNull();
    expect(echo.server.hits[0]?.received).toHaveLength(200);
    expect(acknowledged).toHaveLength(200);
  });

  it('validate the buffer limits by name', () => {
    const retryer = new Retryer();
    expect(() => retryInterceptor(retryer, { perCallBufferBytes: -1 })).toThrow(
      /perCallBufferBytes must be >= 0, got -1/,
    );
    expect(() => retryInterceptor(retryer, { totalBufferBytes: Number.NaN })).toThrow(RangeError);
    expect(() => retryInterceptor(retryer, { totalBufferBytes: '1' as unknown as number })).toThrow(
      TypeError,
    );
  });
});

describe('bidi-streaming calls', () => {
  it('are retried with the buffered messages while no response has reached the caller', async () => {
    echo.server.steer([{ code: UNAVAILABLE, failAfterReceiving: 1 }]);
    const stream = clientWith().Chat();
    const result = readAll(stream);
    writeAll(stream, [{ value: 'x' }, { value: 'y' }]);
    const { messages, error } = await result;
    expect(error).toBeUndefined();
    expect(messages.map((m) => m.value)).toEqual(['echo:x', 'echo:y']);
    expect(echo.server.hits).toHaveLength(2);
  });

  it('are committed by the first response: a later failure is the caller’s', async () => {
    echo.server.steer([{ code: UNAVAILABLE, failAfterReceiving: 2, details: 'gone' }]);
    const stream = clientWith().Chat();
    const result = readAll(stream);
    stream.write({ value: 'x' });
    await until(() => stream.readableLength > 0 || echo.server.hits[0]?.received.length === 1);
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.write({ value: 'y' });
    stream.end();
    const { error } = await result;
    expect(error?.code).toBe(UNAVAILABLE);
    expect(error?.details).toBe('gone');
    expect(echo.server.hits).toHaveLength(1);
  });
});

describe('the status a stream ends with', () => {
  it('is OK once, after every message', async () => {
    echo.server.steer([{ code: UNAVAILABLE }]);
    const stream = clientWith().Watch({ value: 'w', value2: 2 });
    const statuses: grpc.StatusObject[] = [];
    stream.on('status', (status: grpc.StatusObject) => statuses.push(status));
    await readAll(stream);
    await until(() => statuses.length > 0);
    expect(statuses.map((s) => s.code)).toEqual([OK]);
  });
});
