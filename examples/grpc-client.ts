/**
 * A COSI-like sidecar creating buckets through a driver's gRPC Provisioner, with one retry policy:
 * only INTERNAL is retried (the COSI preset), a bad bucket name fails at once with the driver's
 * own message. Starts a local driver on 127.0.0.1:0, makes two calls, shuts everything down.
 *
 * Run: node --import tsx examples/grpc-client.ts
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { grpcClassifier, grpcPresets, Retryer } from 'retrywise';
import { retryClientOptions } from 'retrywise/grpc';

interface CreateBucketRequest {
  name: string;
}
interface CreateBucketResponse {
  bucket_id: string;
}
interface ProvisionerClient extends grpc.Client {
  DriverCreateBucket(
    request: CreateBucketRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<CreateBucketResponse>,
  ): grpc.ClientUnaryCall;
}

const protoPath = fileURLToPath(new URL('./provisioner.proto', import.meta.url));
const proto = grpc.loadPackageDefinition(
  protoLoader.loadSync(protoPath, { keepCase: true }),
) as unknown as {
  retrywise: { test: { Provisioner: grpc.ServiceClientConstructor } };
};
const { Provisioner } = proto.retrywise.test;

/** The driver: names over 63 characters are invalid; its backend needs two calls to warm up. */
function startDriver(): Promise<{ server: grpc.Server; address: string }> {
  let calls = 0;
  const server = new grpc.Server();
  server.addService(Provisioner.service, {
    DriverCreateBucket(
      call: grpc.ServerUnaryCall<CreateBucketRequest, CreateBucketResponse>,
      callback: grpc.sendUnaryData<CreateBucketResponse>,
    ) {
      const { name } = call.request;
      calls++;
      console.log(
        `driver: DriverCreateBucket ${name.length > 20 ? `${name.slice(0, 20)}…` : name}`,
      );
      if (name.length > 63) {
        callback({
          code: grpc.status.INVALID_ARGUMENT,
          details: 'Invalid bucket name - will not retry',
        });
      } else if (calls <= 2) {
        callback({ code: grpc.status.INTERNAL, details: 'backend not ready' });
      } else {
        callback(null, { bucket_id: `cosi-${name}` });
      }
    },
  });
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve({ server, address: `127.0.0.1:${port}` }),
    );
  });
}

const retryer = new Retryer({
  maxAttempts: 5,
  initialDelayMs: 50,
  classifiers: [grpcClassifier({ retryableCodes: grpcPresets.cosi })],
  onRetry: ({ attempt, error, delayMs }) =>
    console.log(
      `sidecar: attempt ${attempt} failed (${(error as Error).message}), retrying in ${Math.round(delayMs)} ms`,
    ),
  onGiveUp: ({ attempts, reason }) =>
    console.log(`sidecar: gave up after ${attempts} attempt(s): ${reason}`),
  onSuccess: ({ attempts }) => console.log(`sidecar: succeeded after ${attempts} attempt(s)`),
});

const { server, address } = await startDriver();
// One retry layer: the interceptor, plus grpc-js's transparent retries of calls that never
// reached the driver; a service-config retry policy is refused, so attempts never multiply.
const client = new Provisioner(
  address,
  grpc.credentials.createInsecure(),
  retryClientOptions(retryer),
) as unknown as ProvisionerClient;

function createBucket(name: string): Promise<CreateBucketResponse> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 5_000; // bounds all attempts and backoffs together
    client.DriverCreateBucket({ name }, { deadline }, (err, res) =>
      err || res === undefined ? reject(err) : resolve(res),
    );
  });
}

const created = await createBucket('photos');
console.log(`bucket photos created: ${created.bucket_id}`);

try {
  await createBucket('testlongnameforbucketgenerationerrorisexpectedtest-bucketclass3341a3a8');
} catch (err) {
  const { code, details } = err as grpc.ServiceError;
  console.log(`bucket failed permanently: ${grpc.status[code]}: ${details}`);
}

client.close();
server.forceShutdown();
