/**
 * Cloud error codes, one table per fact, each from its provider's own list. Matching is exact
 * (these are identifiers, not prose).
 */

/**
 * AWS throttling codes: the SDK's `THROTTLING_ERROR_CODES`.
 *
 * @see https://github.com/smithy-lang/smithy-typescript/blob/main/packages/service-error-classification/src/constants.ts
 */
export const AWS_THROTTLING_CODES: readonly string[] = /* @__PURE__ */ Object.freeze([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/**
 * AWS transient codes: the SDK's `TRANSIENT_ERROR_CODES`, plus S3's `InternalError` and
 * `ServiceUnavailable` (documented "retry the request").
 *
 * @see https://github.com/smithy-lang/smithy-typescript/blob/main/packages/service-error-classification/src/constants.ts
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
 */
export const AWS_TRANSIENT_CODES: readonly string[] = /* @__PURE__ */ Object.freeze([
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ServiceUnavailable',
  'TimeoutError',
]);

/**
 * AWS codes the SDK retries once it has corrected its clock (`$metadata.clockSkewCorrected`):
 * the SDK's `CLOCK_SKEW_ERROR_CODES`. Without that flag they are left to the other tables
 * (`AccessDeniedException` is permanent) or to the HTTP status.
 *
 * @see https://github.com/smithy-lang/smithy-typescript/blob/main/packages/service-error-classification/src/constants.ts
 */
export const AWS_CLOCK_SKEW_CODES: readonly string[] = /* @__PURE__ */ Object.freeze([
  'AccessDeniedException',
  'AuthFailure',
  'InvalidSignatureException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
]);

/**
 * Azure Storage throttling codes (`x-ms-error-code`, `RestError.code`).
 *
 * @see https://learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes
 */
export const AZURE_THROTTLING_CODES: readonly string[] = /* @__PURE__ */ Object.freeze([
  'ServerBusy',
  'TooManyRequests',
]);

/**
 * Azure Storage transient codes.
 *
 * @see https://learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes
 */
export const AZURE_TRANSIENT_CODES: readonly string[] = /* @__PURE__ */ Object.freeze([
  'InternalError',
  'OperationTimedOut',
]);

/**
 * Google API rate-limit reasons (`errors[].reason`).
 *
 * @see https://cloud.google.com/storage/docs/json_api/v1/status-codes
 */
export const GOOGLE_THROTTLING_REASONS: readonly string[] = /* @__PURE__ */ Object.freeze([
  'rateLimitExceeded',
  'userRateLimitExceeded',
]);

/**
 * Google API transient reasons (`errors[].reason`).
 *
 * @see https://cloud.google.com/storage/docs/json_api/v1/status-codes
 */
export const GOOGLE_TRANSIENT_REASONS: readonly string[] = /* @__PURE__ */ Object.freeze([
  'backendError',
  'internalError',
]);

/**
 * Cloud errors known to be permanent: missing things, refused credentials, invalid requests.
 * Retrying them only repeats the answer. (Clock-skew codes such as `SignatureDoesNotMatch` and
 * `RequestTimeTooSkewed` are left out: see {@link AWS_CLOCK_SKEW_CODES}.)
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
 * @see https://docs.aws.amazon.com/general/latest/gr/api-retries.html
 * @see https://learn.microsoft.com/rest/api/storageservices/blob-service-error-codes
 * @see https://cloud.google.com/storage/docs/json_api/v1/status-codes
 */
export const PERMANENT_CLOUD_CODES: readonly string[] = /* @__PURE__ */ Object.freeze([
  // AWS
  'AccessDenied',
  'AccessDeniedException',
  'BucketAlreadyExists',
  'BucketAlreadyOwnedByYou',
  'InvalidAccessKeyId',
  'InvalidBucketName',
  'NoSuchBucket',
  'NoSuchKey',
  'NoSuchUpload',
  'ResourceNotFoundException',
  'UnrecognizedClientException',
  'ValidationException',
  // Azure Storage
  'AuthenticationFailed',
  'AuthorizationFailure',
  'AuthorizationPermissionMismatch',
  'BlobAlreadyExists',
  'BlobNotFound',
  'ContainerAlreadyExists',
  'ContainerNotFound',
  'InvalidResourceName',
  'ResourceNotFound',
  // Google
  'forbidden',
  'insufficientPermissions',
  'notFound',
]);
