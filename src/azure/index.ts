/**
 * `retrywise/azure`: one Retryer as an `@azure/core-rest-pipeline` policy.
 *
 * @module retrywise/azure
 */
export { AZURE_RETRY_POLICY_NAME, azureRetryPolicy } from './policy.js';
export type {
  AzureHeaders,
  AzurePipelineRequest,
  AzurePipelineResponse,
  AzureRetryPolicy,
} from './types.js';
