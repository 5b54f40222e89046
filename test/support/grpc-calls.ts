/** Calling the steerable Provisioner from tests, and watching what the caller is told. */
import { setImmediate as realSetImmediate } from 'node:timers';
import * as grpc from '@grpc/grpc-js';
import type { CreateBucketResponse, ProvisionerClient } from './steerable-grpc-server.js';

/** How one unary call ended, as its caller saw it. */
export interface CallOutcome {
  readonly error: grpc.ServiceError | null;
  readonly response: CreateBucketResponse | undefined;
  /** Every status the caller's listener was given: exactly one, as without an interceptor. */
  readonly statuses: readonly grpc.StatusObject[];
  /** Every header block the caller's listener was given. */
  readonly headers: readonly grpc.Metadata[];
}

/**
 * An outermost interceptor that records what reaches the caller's listener, so tests can check
 * that the retry interceptor below it reports one status, not one per attempt.
 */
export function callerSpy(): {
  interceptor: grpc.Interceptor;
  statuses: grpc.StatusObject[];
  headers: grpc.Metadata[];
} {
  const statuses: grpc.StatusObject[] = [];
  const headers: grpc.Metadata[] = [];
  const interceptor: grpc.Interceptor = (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, _listener, next) {
        next(metadata, {
          onReceiveMetadata(received, nextMetadata) {
            headers.push(received);
            nextMetadata(received);
          },
          onReceiveStatus(status, nextStatus) {
            statuses.push(status);
            nextStatus(status);
          },
        });
      },
    });
  return { interceptor, statuses, headers };
}

/** Starts DriverCreateBucket; `outcome` settles when the callback runs (never rejects). */
export function createBucket(
  client: ProvisionerClient,
  name: string,
  options: { metadata?: grpc.Metadata; deadline?: number } = {},
  spy?: { statuses: grpc.StatusObject[]; headers: grpc.Metadata[] },
): { call: grpc.ClientUnaryCall; outcome: Promise<CallOutcome> } {
  let call: grpc.ClientUnaryCall | undefined;
  const outcome = new Promise<CallOutcome>((resolve) => {
    const callOptions: grpc.CallOptions =
      options.deadline === undefined ? {} : { deadline: options.deadline };
    call = client.DriverCreateBucket(
      { name },
      options.metadata ?? new grpc.Metadata(),
      callOptions,
      (error, response) => {
        resolve({
          error,
          response,
          statuses: spy?.statuses ?? [],
          headers: spy?.headers ?? [],
        });
      },
    );
  });
  return { call: call as unknown as grpc.ClientUnaryCall, outcome };
}

/** Waits on real I/O (even under fake timers) until `done()` holds, or fails after `limitMs`. */
export async function until(done: () => boolean, limitMs = 5_000): Promise<void> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > limitMs) throw new Error(`condition not met in ${limitMs} ms`);
    await new Promise((resolve) => realSetImmediate(resolve));
  }
}

/** Lets real I/O run for a few event-loop turns. */
export async function settleIo(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => realSetImmediate(resolve));
}
