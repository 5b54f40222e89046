/**
 * `retrywise/grpc`: retries for `@grpc/grpc-js` clients. See docs/grpc.md.
 *
 * @module retrywise/grpc
 */

export { retryClientOptions } from './client-options.js';
export { type RetryInterceptorOptions, retryInterceptor } from './interceptor.js';
export {
  retryersFromServiceConfig,
  type ServiceConfigOptions,
} from './service-config.js';
