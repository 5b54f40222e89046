/**
 * A unary echo over loopback: a grpc-js client without an interceptor, with `retryInterceptor`
 * (through `retryClientOptions`), and with grpc-js's own service-config retry policy. Every call
 * succeeds at once, so this is the price of the retry layer on the happy path, as a ratio to the
 * plain client. Server and clients share this process (and its CPU), as in most loopback tests.
 */
import { resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { do_not_optimize } from 'mitata';
import { retryClientOptions } from '../src/grpc/index.js';
import { Retryer } from '../src/index.js';
import { type Case, interleaved } from './measure.js';
import { duration, ratio, table } from './table.js';

const CALLS = 200;

type EchoFn = (
  request: { value: string; value2: number },
  metadata: grpc.Metadata,
  callback: (error: grpc.ServiceError | null, response?: unknown) => void,
) => void;

const serviceConfig = JSON.stringify({
  methodConfig: [
    {
      name: [{ service: 'retrywise.echo.EchoService' }],
      retryPolicy: {
        maxAttempts: 3,
        initialBackoff: '1s',
        maxBackoff: '10s',
        backoffMultiplier: 2,
        retryableStatusCodes: ['UNAVAILABLE'],
      },
    },
  ],
});

export async function grpcBench(): Promise<string> {
  const definition = protoLoader.loadSync(resolve('test/support/echo.proto'), { keepCase: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    retrywise: { echo: { EchoService: grpc.ServiceClientConstructor } };
  };
  const { EchoService } = loaded.retrywise.echo;
  const server = new grpc.Server();
  server.addService(EchoService.service, {
    Echo: (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) =>
      cb(null, call.request),
  });
  const port = await new Promise<number>((ok, fail) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? fail(e) : ok(p),
    ),
  );
  const make = (options: grpc.ClientOptions) =>
    new EchoService(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options);
  const retryer = new Retryer({ maxAttempts: 3, initialDelayMs: 1000 });
  const clients: [string, grpc.Client][] = [
    ['grpc-js, no retry layer', make({})],
    ['retryInterceptor (retryClientOptions)', make(retryClientOptions(retryer))],
    ["grpc-js's own retryPolicy (service config)", make({ 'grpc.service_config': serviceConfig })],
  ];
  const request = { value: 'hello, bench', value2: 7 };
  const cases: Case[] = clients.map(([name, client]) => {
    const echo = (client as unknown as { Echo: EchoFn }).Echo.bind(client);
    const once = () =>
      new Promise<unknown>((ok, fail) =>
        echo(request, new grpc.Metadata(), (e, r) => (e ? fail(e) : ok(r))),
      );
    return {
      name,
      calls: CALLS,
      fn: async () => {
        for (let i = 0; i < CALLS; i++) do_not_optimize(await once());
      },
    };
  });
  for (const c of cases) await c.fn(); // connect and warm up every client
  const results = await interleaved(cases, { rounds: 5, cpuTimeMs: 400 });
  for (const [, client] of clients) client.close();
  server.forceShutdown();
  const base = results.get(cases[0]?.name ?? '') ?? Number.NaN;
  return table(
    ['unary echo over loopback, success at once', 'time per call', 'ratio to no retry layer'],
    cases.map((c) => {
      const ns = results.get(c.name) ?? Number.NaN;
      return [c.name, duration(ns), ratio(ns, base)];
    }),
  );
}
