/** One steerable server per test file; the clients a test makes are closed after it. */
import type * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ProvisionerClient, SteerableServer } from './steerable-grpc-server.js';

export function useSteerableServer(): {
  readonly hits: SteerableServer['hits'];
  steer: SteerableServer['steer'];
  client(options?: grpc.ClientOptions): ProvisionerClient;
} {
  let server: SteerableServer | undefined;
  const clients: ProvisionerClient[] = [];
  beforeAll(async () => {
    server = await SteerableServer.start();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => server?.close());
  const started = (): SteerableServer => {
    if (server === undefined) throw new Error('the server starts in beforeAll');
    return server;
  };
  return {
    get hits() {
      return started().hits;
    },
    steer: (replies, otherwise) => started().steer(replies, otherwise),
    client(options) {
      const client = started().client(options);
      clients.push(client);
      return client;
    },
  };
}
