/** One echo server per test file; the clients a test makes are closed after it. */
import type * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type EchoClient, EchoServer } from './echo-server.js';

export function useEchoServer(): {
  readonly server: EchoServer;
  client(options?: grpc.ClientOptions): EchoClient;
} {
  let server: EchoServer | undefined;
  const clients: EchoClient[] = [];
  beforeAll(async () => {
    server = await EchoServer.start();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => server?.close());
  const started = (): EchoServer => {
    if (server === undefined) throw new Error('the server starts in beforeAll');
    return server;
  };
  return {
    get server() {
      return started();
    },
    client(options) {
      const client = started().client(options);
      clients.push(client);
      return client;
    },
  };
}

/** Reads a response stream to its end: the messages, and the error if it failed. */
export function readAll<T>(
  stream: grpc.ClientReadableStream<T> | grpc.ClientDuplexStream<unknown, T>,
): Promise<{ messages: T[]; error: grpc.ServiceError | undefined }> {
  const messages: T[] = [];
  return new Promise((resolve) => {
    stream.on('data', (message: T) => messages.push(message));
    stream.on('error', (error: grpc.ServiceError) => resolve({ messages, error }));
    stream.on('end', () => resolve({ messages, error: undefined }));
  });
}
