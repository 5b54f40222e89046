/**
 * `retrywise/aws`: one Retryer in the AWS SDK v3 `retryStrategy` slot.
 *
 * @module retrywise/aws
 */
export { awsRetryStrategy } from './strategy.js';
export type {
  AwsMiddlewareStack,
  AwsRetryErrorInfo,
  AwsRetryStrategy,
  AwsRetryToken,
} from './types.js';
