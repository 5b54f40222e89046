/** `retryer/azure`: one Retryer as an `@azure/core-rest-pipeline` policy. */
export type { AzurePipelineRequest, AzureRetryPolicy } from './policy.js';
export { AZURE_RETRY_POLICY_NAME, azureRetryPolicy } from './policy.js';
export type { AzureHeaders, AzurePipelineResponse } from './response-error.js';
