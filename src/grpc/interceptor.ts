/** `retryInterceptor(retryer)`: the retryer's policy for every call of a grpc-js client. */
import { InterceptingCall, type Interceptor, propagate } from '@grpc/grpc-js';
import { policyOf, type Retryer } from '../retryer.js';
import { callDeadline } from './deadline.js';
import { sharedBuffer } from './request-buffer.js';
import { RetryingCall } from './retrying-call.js';

/**
 * Options of {@link retryInterceptor}: how much of the request stream is kept for replay.
 *
 * @public
 */
export interface RetryInterceptorOptions {
  /**
   * The most request bytes (serialized) one call keeps for replay; a call that writes more
   * commits: no more retries, and its writes pass straight through.
   * @defaultValue 1 MiB (1048576), as grpc-js's `grpc.per_rpc_retry_buffer_size`
   */
  readonly perCallBufferBytes?: number;
  /**
   * The most request bytes all calls of this interceptor keep together; past it, the call that
   * wrote last commits.
   * @defaultValue 16 MiB (16777216), as grpc-js's `grpc.retry_buffer_size`
   */
  readonly totalBufferBytes?: number;
}

/**
 * A `@grpc/grpc-js` client interceptor that retries calls under `retryer`'s policy, with gRPC
 * A6's commit rule. Each attempt sends the metadata and messages as they were when the caller
 * sent them. A server-streaming (or bidi) call is retried until its first response message
 * reaches the caller; a client-streaming or bidi call replays the messages written so far,
 * until it commits: past `perCallBufferBytes` (or the shared `totalBufferBytes`) or at the first
 * streamed response. A committed call is the one attempt in flight, passed straight through.
 * Failures are classified by the retryer's classifiers (the default chain starts with the gRPC
 * classifier: only UNAVAILABLE retries, `grpc-retry-pushback-ms` raises the delay, a negative
 * or malformed one stops). The call's deadline bounds the whole effort; `call.cancel()` stops it
 * at once, mid-backoff included. The caller sees one final status — the last attempt's, with
 * its metadata — as if there were no interceptor; `retryInfo(error)` tells the history.
 *
 * Give the channel no service-config `retryPolicy` or `hedgingPolicy`, or attempts multiply;
 * leave `grpc.enable_retries` on, so grpc-js still retries calls that never reached the server
 * ({@link retryClientOptions} does both).
 *
 * @param retryer - the policy; its hooks, logger, budget and signal apply to every call. Or a
 *   function from a method's path (`/pkg.Service/Method`) to its policy, `undefined` for none
 *   (see {@link retryersFromServiceConfig}).
 * @param options - buffer limits for streaming requests.
 * @throws TypeError when `retryer` is not a {@link Retryer}; RangeError for a negative limit.
 * @example
 * ```ts
 * import { credentials } from '@grpc/grpc-js';
 * import { Retryer, grpcClassifier, grpcPresets } from 'retrywise';
 * import { retryInterceptor } from 'retrywise/grpc';
 *
 * const retryer = new Retryer({
 *   maxAttempts: 5,
 *   initialDelayMs: 100,
 *   classifiers: [grpcClassifier({ retryableCodes: grpcPresets.cosi })],
 * });
 * const client = new Provisioner('127.0.0.1:9000', credentials.createInsecure(), {
 *   interceptors: [retryInterceptor(retryer)],
 * });
 * client.DriverCreateBucket({ name: 'photos' }, { deadline: Date.now() + 5_000 }, callback);
 * ```
 * @see https://github.com/grpc/proposal/blob/master/A6-client-retries.md (commit, pushback)
 * @public
 */
export function retryInterceptor(
  retryer: Retryer | ((methodPath: string) => Retryer | undefined),
  options: RetryInterceptorOptions = {},
): Interceptor {
  const fixed = typeof retryer === 'function' ? undefined : policyOf(retryer);
  const buffer = sharedBuffer(options.perCallBufferBytes, options.totalBufferBytes);
  return (callOptions, nextCall) => {
    const method = callOptions.method_definition;
    let policy = fixed;
    if (policy === undefined) {
      const chosen = (retryer as (methodPath: string) => Retryer | undefined)(method.path);
      if (chosen === undefined) return new InterceptingCall(nextCall(callOptions));
      policy = policyOf(chosen);
    }
    const first = nextCall(callOptions);
    const flags = callOptions.propagate_flags ?? propagate.DEFAULTS;
    const call = new RetryingCall({
      policy,
      first,
      newCall: () => nextCall(callOptions),
      deadlineMs: callDeadline(callOptions),
      name: policy.name ?? method.path,
      parent: (flags & propagate.CANCELLATION) !== 0 ? callOptions.parent : undefined,
      responseStream: method.responseStream,
      serialize: method.requestSerialize,
      buffer,
    });
    return new InterceptingCall(call);
  };
}
