/**
 * `retrywise/grpc`: retries for `@grpc/grpc-js` clients. See docs/grpc.md.
 *
 * @module retrywise/grpc
 */
export { type RetryInterceptorOptions, retryInterceptor } from './interceptor.js';
