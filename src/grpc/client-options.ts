/**
 * Client options for one retry layer: the interceptor, and grpc-js's own retries kept only for
 * what the interceptor cannot see (transparent retries of calls that never reached the server).
 */
import type { ChannelOptions, ClientOptions } from '@grpc/grpc-js';
import type { Retryer } from '../retryer.js';
import { type RetryInterceptorOptions, retryInterceptor } from './interceptor.js';

/** grpc-js's cap on service-config attempts; at 1, a resolver's retry policy cannot stack. */
const ATTEMPTS_LIMIT_KEY = 'grpc-node.retry_max_attempts_limit';

/**
 * `clientOptions` with {@link retryInterceptor} added (after any interceptors already there) and
 * exactly one retry layer: a `grpc.service_config` option whose `methodConfig` has a
 * `retryPolicy` or `hedgingPolicy` is refused, and `grpc-node.retry_max_attempts_limit` is set
 * to 1 so that a policy from the name resolver (a DNS TXT service config) makes one attempt.
 * `grpc.enable_retries` is left as it is: on (the default), grpc-js still retries, once, calls
 * that never reached the server application (a refused stream, a connection lost before the
 * request was sent), which the interceptor cannot tell apart.
 *
 * @param retryer - as for {@link retryInterceptor}.
 * @param clientOptions - the client's other options; not modified.
 * @param interceptorOptions - as for {@link retryInterceptor}.
 * @throws TypeError when the service config has a retry or hedging policy.
 * @example
 * ```ts
 * import { credentials } from '@grpc/grpc-js';
 * import { retryClientOptions } from 'retrywise/grpc';
 *
 * const address = '127.0.0.1:9000';
 * const client = new Provisioner(address, credentials.createInsecure(), retryClientOptions(retryer));
 * ```
 * @public
 */
export function retryClientOptions(
  retryer: Parameters<typeof retryInterceptor>[0],
  clientOptions: ClientOptions = {},
  interceptorOptions?: RetryInterceptorOptions,
): ClientOptions {
  const text = clientOptions['grpc.service_config'];
  if (typeof text === 'string') {
    const methods = (JSON.parse(text) as { methodConfig?: Record<string, unknown>[] }).methodConfig;
    methods?.forEach((entry, i) => {
      for (const key of ['retryPolicy', 'hedgingPolicy']) {
        if (entry[key] !== undefined) {
          throw new TypeError(
            `retryClientOptions: grpc.service_config has a ${key} in methodConfig[${i}]: with the retry interceptor every attempt would be retried again. Remove it, or pass the config to retryersFromServiceConfig`,
          );
        }
      }
    });
  }
  const channel: ChannelOptions = { [ATTEMPTS_LIMIT_KEY]: 1 };
  return {
    ...clientOptions,
    ...channel,
    interceptors: [
      ...(clientOptions.interceptors ?? []),
      retryInterceptor(retryer as Retryer, interceptorOptions),
    ],
  };
}
