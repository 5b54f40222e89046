/** `retryer/aws`: one Retryer in the AWS SDK v3 `retryStrategy` slot. */
export type { AwsRetryErrorInfo, AwsRetryStrategy, AwsRetryToken } from './strategy.js';
export { awsRetryStrategy } from './strategy.js';
