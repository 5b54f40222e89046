/**
 * The `@azure/core-rest-pipeline` shapes the policy works with, structurally: nothing here imports
 * the Azure SDK.
 */

/**
 * The parts of an `@azure/core-rest-pipeline` `HttpHeaders` that the policy reads.
 *
 * @public
 */
export interface AzureHeaders {
  /** The value of header `name` (any letter case), if present. */
  get(name: string): string | undefined;
  /** Every header as a plain object, lower-case names unless `preserveCase`. */
  toJSON(options?: { preserveCase?: boolean }): Record<string, string>;
}

/**
 * The parts of an `@azure/core-rest-pipeline` `PipelineResponse` that the policy reads.
 *
 * @public
 */
export interface AzurePipelineResponse {
  /** The HTTP status: 400 and above go through the retryer's classifiers. */
  readonly status: number;
  /** Where `x-ms-error-code` and the delay hints are read. */
  readonly headers: AzureHeaders;
  /** A Node stream body (statuses the operation streams); released when discarded. */
  readonly readableStreamBody?: unknown;
  /** A web stream body; released when discarded. */
  readonly browserStreamBody?: unknown;
}

/**
 * The parts of an `@azure/core-rest-pipeline` `PipelineRequest` that the policy reads.
 *
 * @public
 */
export interface AzurePipelineRequest {
  /**
   * The call's signal (an `AbortSignalLike` of `@azure/abort-controller`: a native signal or a
   * look-alike); each attempt gets its own, which follows it.
   */
  abortSignal?:
    | (Pick<AbortSignal, 'aborted' | 'addEventListener' | 'removeEventListener'> & {
        /** Why it aborted. */
        readonly reason?: unknown;
      })
    | undefined;
  /** A raw stream body is sent once; a stream factory is called again on each attempt. */
  body?: unknown;
  /** The pipeline's per-try timeout in ms (0 for none): when it fires, the attempt is retried. */
  timeout: number;
}

/**
 * An `@azure/core-rest-pipeline` `PipelinePolicy`, structurally.
 *
 * @public
 */
export interface AzureRetryPolicy {
  /** `AZURE_RETRY_POLICY_NAME` (`'retrywiseRetryPolicy'`). */
  readonly name: string;
  /** Sends `request` through `next`, once per attempt, until the retryer stops. */
  sendRequest<Req extends AzurePipelineRequest, Res extends AzurePipelineResponse>(
    request: Req,
    next: (request: Req) => Promise<Res>,
  ): Promise<Res>;
}
