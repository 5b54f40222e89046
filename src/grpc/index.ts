/** `retrywise/grpc`: retries for `@grpc/grpc-js` clients. See docs/grpc.md. */
export { retryInterceptor } from './interceptor.js';
