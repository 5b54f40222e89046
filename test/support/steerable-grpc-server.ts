/**
 * A real grpc-js server for the COSI-like Provisioner in examples/provisioner.proto, on
 * 127.0.0.1:0, steered per test: each call takes the next scripted reply (a status code, trailers
 * such as `grpc-retry-pushback-ms`, a slow answer), and every hit is recorded with the metadata
 * and deadline the server saw. Like a COSI driver, it rejects bucket names over 63 characters
 * with INVALID_ARGUMENT whatever the script says.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const PROTO_PATH = fileURLToPath(
  new URL('../../examples/provisioner.proto', import.meta.url),
);

/** The longest bucket name a driver accepts (S3 rules). */
export const MAX_BUCKET_NAME_LENGTH = 63;

/** The seed's bucket name that a COSI sidecar retried forever (70 characters). */
export const SEED_LONG_BUCKET_NAME =
  'testlongnameforbucketgenerationerrorisexpectedtest-bucketclass3341a3a8';

export interface CreateBucketRequest {
  readonly name: string;
  readonly parameters?: Readonly<Record<string, string>>;
}
export interface CreateBucketResponse {
  readonly bucket_id: string;
}
export interface BucketEvent {
  readonly bucket_id: string;
}

/** A client of the Provisioner service, as proto-loader builds it. */
export interface ProvisionerClient extends grpc.Client {
  DriverCreateBucket(
    request: CreateBucketRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<CreateBucketResponse>,
  ): grpc.ClientUnaryCall;
  WatchBuckets(
    request: { count: number },
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<BucketEvent>;
}

/** How the server answers one call. Without `code` (or with OK) it creates the bucket. */
export interface Reply {
  readonly code?: grpc.status;
  readonly details?: string;
  /** Trailing metadata, e.g. `{ 'grpc-retry-pushback-ms': '120' }`. */
  readonly trailers?: Readonly<Record<string, string>>;
  /** Answer only after this many ms (a slow server). */
  readonly delayMs?: number;
}

/** One call as the server saw it. */
export interface Hit {
  readonly name: string;
  readonly metadata: grpc.Metadata;
  /** The call's deadline in epoch ms as the server computed it (`Infinity` for none). */
  readonly deadline: number;
  /** `Date.now()` when the call arrived. */
  readonly at: number;
}

const loaded = grpc.loadPackageDefinition(
  protoLoader.loadSync(PROTO_PATH, { keepCase: true, defaults: true }),
) as unknown as { retrywise: { test: { Provisioner: grpc.ServiceClientConstructor } } };

/** The generated client constructor. */
export const Provisioner = loaded.retrywise.test.Provisioner;

/** A steerable Provisioner server; `start()` binds it, `close()` stops it. */
export class SteerableServer {
  readonly hits: Hit[] = [];
  readonly address: string;
  readonly #server: grpc.Server;
  readonly #timers = new Set<NodeJS.Timeout>();
  #replies: Reply[] = [];
  #otherwise: Reply = {};

  private constructor(server: grpc.Server, port: number) {
    this.#server = server;
    this.address = `127.0.0.1:${port}`;
  }

  static async start(): Promise<SteerableServer> {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      );
    });
    const steerable = new SteerableServer(server, port);
    server.addService(Provisioner.service, {
      DriverCreateBucket: steerable.#createBucket.bind(steerable),
      WatchBuckets: steerable.#watchBuckets.bind(steerable),
    });
    return steerable;
  }

  /** The next calls get `replies` in order, later ones `otherwise` (success by default). */
  steer(replies: readonly Reply[], otherwise: Reply = {}): void {
    this.hits.length = 0;
    this.#replies = [...replies];
    this.#otherwise = otherwise;
  }

  /** A client with grpc-js's own retries off, so attempts never multiply. */
  client(options: grpc.ClientOptions = {}): ProvisionerClient {
    const clientOptions = { 'grpc.enable_retries': 0, ...options };
    return new Provisioner(
      this.address,
      grpc.credentials.createInsecure(),
      clientOptions,
    ) as unknown as ProvisionerClient;
  }

  /** Stops at once: pending slow answers are dropped, open calls cancelled. */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#server.forceShutdown();
  }

  #createBucket(
    call: grpc.ServerUnaryCall<CreateBucketRequest, CreateBucketResponse>,
    callback: grpc.sendUnaryData<CreateBucketResponse>,
  ): void {
    const { name } = call.request;
    const deadline = call.getDeadline();
    this.hits.push({
      name,
      metadata: call.metadata,
      deadline: typeof deadline === 'number' ? deadline : deadline.getTime(),
      at: Date.now(),
    });
    if (name.length > MAX_BUCKET_NAME_LENGTH) {
      callback({
        code: grpc.status.INVALID_ARGUMENT,
        details: `Invalid bucket name "${name}": ${name.length} characters, at most ${MAX_BUCKET_NAME_LENGTH} - will not retry`,
      });
      return;
    }
    const reply = this.#replies.shift() ?? this.#otherwise;
    const answer = (): void => {
      const trailers = new grpc.Metadata();
      for (const [key, value] of Object.entries(reply.trailers ?? {})) trailers.set(key, value);
      const code = reply.code ?? grpc.status.OK;
      if (code === grpc.status.OK) {
        callback(null, { bucket_id: `bucket-${name}` }, trailers);
        return;
      }
      const details = reply.details ?? `attempt ${this.hits.length} failed`;
      callback({ code, details, metadata: trailers });
    };
    if (reply.delayMs === undefined) {
      answer();
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      answer();
    }, reply.delayMs);
    this.#timers.add(timer);
    call.once('cancelled', () => {
      clearTimeout(timer);
      this.#timers.delete(timer);
    });
  }

  #watchBuckets(call: grpc.ServerWritableStream<{ count: number }, BucketEvent>): void {
    this.hits.push({ name: 'WatchBuckets', metadata: call.metadata, deadline: Infinity, at: 0 });
    const reply = this.#replies.shift() ?? this.#otherwise;
    if (reply.code !== undefined && reply.code !== grpc.status.OK) {
      call.emit('error', { code: reply.code, details: reply.details ?? 'stream failed' });
      return;
    }
    for (let i = 1; i <= call.request.count; i++) call.write({ bucket_id: `bucket-${i}` });
    call.end();
  }
}
