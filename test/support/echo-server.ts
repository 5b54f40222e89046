/**
 * A real grpc-js echo server with every kind of call, on 127.0.0.1:0, steered per test. Each
 * call takes the next scripted reply, or is steered by its metadata as in grpc-js's own retry
 * tests (`succeed-on-retry-attempt`, `respond-with-status`); every hit is recorded with its
 * metadata and the messages the server received.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const PROTO_PATH = fileURLToPath(new URL('./echo.proto', import.meta.url));

export interface EchoMessage {
  value: string;
  value2?: number;
  blob?: Buffer;
}

/** A client of EchoService, as proto-loader builds it. */
export interface EchoClient extends grpc.Client {
  Echo(
    request: EchoMessage,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<EchoMessage>,
  ): grpc.ClientUnaryCall;
  Watch(
    request: EchoMessage,
    metadata?: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<EchoMessage>;
  Collect(
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<EchoMessage>,
  ): grpc.ClientWritableStream<EchoMessage>;
  Chat(
    metadata?: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<EchoMessage, EchoMessage>;
}

/** How the server answers one call. Without `code` (or with OK) it echoes. */
export interface EchoReply {
  readonly code?: grpc.status;
  readonly details?: string;
  readonly trailers?: Readonly<Record<string, string>>;
  /** Streaming responses: send this many messages before failing with `code`. */
  readonly sendFirst?: number;
  /** Streaming requests: fail as soon as this many messages were received. */
  readonly failAfterReceiving?: number;
}

/** One call as the server saw it. */
export interface EchoHit {
  readonly method: string;
  readonly metadata: grpc.Metadata;
  readonly received: EchoMessage[];
}

const loaded = grpc.loadPackageDefinition(
  protoLoader.loadSync(PROTO_PATH, { keepCase: true, defaults: true }),
) as unknown as { retrywise: { echo: { EchoService: grpc.ServiceClientConstructor } } };

/** The generated client constructor. */
export const EchoService = loaded.retrywise.echo.EchoService;

export class EchoServer {
  readonly hits: EchoHit[] = [];
  readonly address: string;
  readonly #server: grpc.Server;
  #replies: EchoReply[] = [];

  private constructor(server: grpc.Server, port: number) {
    this.#server = server;
    this.address = `127.0.0.1:${port}`;
  }

  static async start(options: grpc.ServerOptions = {}): Promise<EchoServer> {
    const server = new grpc.Server(options);
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      );
    });
    const echo = new EchoServer(server, port);
    server.addService(EchoService.service, {
      Echo: (
        call: grpc.ServerUnaryCall<EchoMessage, EchoMessage>,
        callback: grpc.sendUnaryData<EchoMessage>,
      ) => {
        const reply = echo.#next(call, [call.request]);
        if (isFailure(reply)) callback(statusOf(reply));
        else callback(null, call.request, trailersOf(reply));
      },
      Watch: (call: grpc.ServerWritableStream<EchoMessage, EchoMessage>) => {
        const reply = echo.#next(call, [call.request]);
        const count = isFailure(reply) ? (reply.sendFirst ?? 0) : (call.request.value2 ?? 0);
        for (let i = 1; i <= count; i++) call.write({ value: `${call.request.value}-${i}` });
        if (isFailure(reply)) call.emit('error', statusOf(reply));
        else call.end(trailersOf(reply));
      },
      Collect: (
        call: grpc.ServerReadableStream<EchoMessage, EchoMessage>,
        callback: grpc.sendUnaryData<EchoMessage>,
      ) => {
        const received: EchoMessage[] = [];
        const reply = echo.#next(call, received);
        let done = false;
        const fail = (): void => {
          done = true;
          callback(statusOf(reply));
        };
        if (isFailure(reply) && reply.failAfterReceiving === 0) fail();
        call.on('data', (message: EchoMessage) => {
          if (done) return;
          received.push(message);
          if (isFailure(reply) && reply.failAfterReceiving === received.length) fail();
        });
        call.on('end', () => {
          if (done) return;
          if (isFailure(reply)) fail();
          else callback(null, { value: received.map((m) => m.value).join(',') }, trailersOf(reply));
        });
      },
      Chat: (call: grpc.ServerDuplexStream<EchoMessage, EchoMessage>) => {
        const received: EchoMessage[] = [];
        const reply = echo.#next(call, received);
        let done = false;
        call.on('data', (message: EchoMessage) => {
          if (done) return;
          received.push(message);
          if (isFailure(reply) && reply.failAfterReceiving === received.length) {
            done = true;
            call.emit('error', statusOf(reply));
            return;
          }
          call.write({ value: `echo:${message.value}` });
        });
        call.on('end', () => {
          if (done) return;
          if (isFailure(reply)) call.emit('error', statusOf(reply));
          else call.end();
        });
      },
    });
    return echo;
  }

  /** The next calls get `replies` in order, later ones echo. */
  steer(replies: readonly EchoReply[]): void {
    this.hits.length = 0;
    this.#replies = [...replies];
  }

  /** Hits of one method. */
  hitsOf(method: string): EchoHit[] {
    return this.hits.filter((hit) => hit.method === method);
  }

  client(options: grpc.ClientOptions = {}): EchoClient {
    return new EchoService(
      this.address,
      grpc.credentials.createInsecure(),
      options,
    ) as unknown as EchoClient;
  }

  close(): void {
    this.#server.forceShutdown();
  }

  /** Records the hit and picks its reply: the script first, then the call's own metadata. */
  #next(call: { metadata: grpc.Metadata; getPath(): string }, received: EchoMessage[]): EchoReply {
    const method = call.getPath().split('/').pop() ?? '';
    this.hits.push({ method, metadata: call.metadata, received });
    return this.#replies.shift() ?? metadataReply(call.metadata);
  }
}

/** grpc-js's test protocol: fail with `respond-with-status` until the named retry attempt. */
function metadataReply(metadata: grpc.Metadata): EchoReply {
  const succeedOn = metadata.get('succeed-on-retry-attempt')[0];
  const previous = metadata.get('grpc-previous-rpc-attempts')[0];
  if (succeedOn === undefined || previous === succeedOn) return {};
  const code = metadata.get('respond-with-status')[0];
  return {
    code: code === undefined ? grpc.status.UNKNOWN : Number(code),
    details: `Failed on retry ${String(previous ?? 0)}`,
  };
}

function isFailure(reply: EchoReply): boolean {
  return reply.code !== undefined && reply.code !== grpc.status.OK;
}

function trailersOf(reply: EchoReply): grpc.Metadata {
  const trailers = new grpc.Metadata();
  for (const [key, value] of Object.entries(reply.trailers ?? {})) trailers.set(key, value);
  return trailers;
}

function statusOf(reply: EchoReply): Partial<grpc.StatusObject> {
  return {
    code: reply.code ?? grpc.status.UNKNOWN,
    details: reply.details ?? 'scripted failure',
    metadata: trailersOf(reply),
  };
}
