/** `retryInterceptor(retryer)`: the retryer's policy for every unary call of a grpc-js client. */
import { InterceptingCall, type Interceptor, propagate } from '@grpc/grpc-js';
import { policyOf, type Retryer } from '../retryer.js';
import { callDeadline } from './deadline.js';
import { RetryingUnaryCall } from './retrying-call.js';

/**
 * A `@grpc/grpc-js` client interceptor that retries unary calls under `retryer`'s policy: the
 * same message and metadata on every attempt, classified by the retryer's classifiers (the
 * default chain starts with the gRPC classifier: only UNAVAILABLE retries, `grpc-retry-pushback-ms`
 * raises the delay, a negative or malformed one stops). The call's deadline bounds the whole
 * effort: no attempt starts after it, each attempt gets the time that remains. `call.cancel()`
 * stops it at once, mid-backoff included. The caller sees one final status — the last
 * attempt's, with its metadata — as if there were no interceptor. Streaming calls pass through
 * untouched.
 *
 * Turn grpc-js's own retries off (`'grpc.enable_retries': 0`) or give the channel no retry
 * policy, or attempts multiply.
 *
 * @param retryer - the policy; its hooks, logger, budget and signal apply to every call.
 * @throws TypeError when `retryer` is not a {@link Retryer}.
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
 *   'grpc.enable_retries': 0,
 * });
 * client.DriverCreateBucket({ name: 'photos' }, { deadline: Date.now() + 5_000 }, callback);
 * ```
 * @see https://github.com/grpc/proposal/blob/master/A6-client-retries.md (pushback, attempts)
 * @public
 */
export function retryInterceptor(retryer: Retryer): Interceptor {
  const policy = policyOf(retryer);
  return (options, nextCall) => {
    const method = options.method_definition;
    if (method.requestStream || method.responseStream) {
      return new InterceptingCall(nextCall(options));
    }
    const first = nextCall(options);
    const flags = options.propagate_flags ?? propagate.DEFAULTS;
    const call = new RetryingUnaryCall({
      policy,
      first,
      newCall: () => nextCall(options),
      deadlineMs: callDeadline(options),
      name: policy.name ?? method.path,
      parent: (flags & propagate.CANCELLATION) !== 0 ? options.parent : undefined,
    });
    return new InterceptingCall(call);
  };
}
