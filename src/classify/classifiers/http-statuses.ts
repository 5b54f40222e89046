/**
 * HTTP statuses worth another attempt: the request may succeed later without any change.
 *
 * - 408 Request Timeout, 429 Too Many Requests: RFC 9110 §15.5.9, RFC 6585 §4.
 * - 500, 502, 503, 504: the server or a gateway failed or is overloaded (RFC 9110 §15.6).
 *
 * The same list as the AWS SDK's `TRANSIENT_ERROR_STATUS_CODES` + 429/500, Azure core's
 * `isRetryableStatusCode` (408, 429, 5xx but 501/505).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15
 * @see https://github.com/smithy-lang/smithy-typescript/blob/main/packages/service-error-classification/src/constants.ts
 */
export const RETRYABLE_HTTP_STATUSES: readonly number[] = /* @__PURE__ */ Object.freeze([
  408, 429, 500, 502, 503, 504,
]);

/** Statuses that mean "slow down" rather than "failed": the verdict is marked `throttled`. */
export const THROTTLING_HTTP_STATUSES: readonly number[] = /* @__PURE__ */ Object.freeze([429]);

/** `true` for an integer HTTP failure status, 400–599. */
export function isFailureStatus(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 400 && (value as number) <= 599;
}
