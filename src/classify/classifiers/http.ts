/**
 * HTTP failures: errors that carry a response status, from fetch wrappers, Node clients, the AWS
 * SDK (`$metadata.httpStatusCode`) and the Azure SDK (`statusCode`).
 */
import { causeChain, readProperty } from '../inspect.js';
import type { Classifier, Verdict } from '../verdict.js';
import {
  isFailureStatus,
  RETRYABLE_HTTP_STATUSES,
  THROTTLING_HTTP_STATUSES,
} from './http-statuses.js';
import { intSetOption } from './int-set-option.js';
import { errorHintMs } from './retry-after.js';
import { withDelay } from './with-delay.js';

/**
 * Options of {@link httpClassifier}.
 *
 * @public
 */
export interface HttpClassifierOptions {
  /** The statuses to retry; every other 4xx/5xx fails at once. @defaultValue `[408, 429, 500, 502, 503, 504]` */
  readonly retryableStatuses?: readonly number[] | undefined;
}

/**
 * Where errors keep their status, in the shapes of the HTTP clients people use (docs/classifiers.md
 * lists them): own `status` (axios, superagent, gaxios, `HttpError`, a thrown fetch `Response`) or
 * `statusCode` (node:http `IncomingMessage`, Azure `RestError`), `response.status` (ky, axios,
 * gaxios, superagent), `response.statusCode` (got), `res.statusCode` (node:http wrappers), AWS
 * `$metadata.httpStatusCode`.
 */
const STATUS_PATHS: readonly (readonly string[])[] = [
  ['status'],
  ['statusCode'],
  ['response', 'status'],
  ['response', 'statusCode'],
  ['res', 'statusCode'],
  ['$metadata', 'httpStatusCode'],
];

/** A status given as text (`'503'`, from headers or JSON) as a number; anything else as is. */
function numeric(value: unknown): unknown {
  return typeof value === 'string' && /^\s*\d{3}\s*$/.test(value) ? Number(value) : value;
}

/** The HTTP failure status (400–599) carried by one error, if any. */
function statusOf(error: unknown): number | undefined {
  for (const path of STATUS_PATHS) {
    let value: unknown = error;
    for (const key of path) value = readProperty(value, key);
    value = numeric(value);
    if (isFailureStatus(value)) return value;
  }
  return undefined;
}

/**
 * Classifies errors that carry an HTTP failure status (400–599, a number or its text `'503'`),
 * read from `status`, `statusCode`, `response.status`, `response.statusCode`, `res.statusCode` or
 * `$metadata.httpStatusCode`, nearest in the cause chain first: the errors of fetch (with
 * {@link HttpError}), got, axios, ky, node:http, superagent and the Azure, AWS and Google SDKs.
 * Abstains on anything else. A retryable status is retried with the server's delay hint
 * (`Retry-After`, `retry-after-ms`, `x-ms-retry-after-ms`, `x-amz-retry-after`) from `headers`,
 * `response.headers`, `res.headers` or `$response.headers`; 429 is marked `throttled`.
 *
 * @param options - `retryableStatuses`, default `[408, 429, 500, 502, 503, 504]`.
 * @throws TypeError or RangeError naming `retryableStatuses` when it is not a list of statuses.
 * @example
 * ```ts
 * const retryer = new Retryer({ classifiers: [httpClassifier({ retryableStatuses: [503] })] });
 * await retryer.run(async () => {
 *   const response = await fetch(url);
 *   if (!response.ok) throw new HttpError(response);
 *   return response.json();
 * });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15
 * @public
 */
export function httpClassifier(options: HttpClassifierOptions = {}): Classifier {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`httpClassifier options must be an object, got ${typeof options}`);
  }
  const { retryableStatuses } = options;
  const statuses = retryableStatuses === undefined ? RETRYABLE_HTTP_STATUSES : retryableStatuses;
  const retryable = intSetOption('retryableStatuses', statuses, 100, 599);
  return (error, ctx) => {
    for (const link of causeChain(error)) {
      const status = statusOf(link);
      if (status === undefined) continue;
      const reason = `http ${status}`;
      const throttled = THROTTLING_HTTP_STATUSES.includes(status);
      // Marked even when not retried: an AdaptiveThrottle counts it as load shedding.
      if (!retryable.has(status)) {
        return throttled ? { retryable: false, reason, throttled } : { retryable: false, reason };
      }
      const verdict: Verdict = throttled
        ? { retryable: true, reason, throttled }
        : { retryable: true, reason };
      const delayMs = errorHintMs(link, Number(readProperty(ctx, 'now')));
      return delayMs === undefined ? verdict : withDelay(verdict, delayMs);
    }
    return undefined;
  };
}
