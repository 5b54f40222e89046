/**
 * Cloud service errors by their own codes: AWS (`name`, `Code`, `code`, `$retryable`), Azure
 * Storage (`code`, `x-ms-error-code`) and Google APIs (`errors[].reason`). The code is more
 * specific than the HTTP status: AWS sends `ThrottlingException` with HTTP 400.
 */
import { causeChain, readProperty } from '../inspect.js';
import type { Classifier, Verdict } from '../verdict.js';
import {
  AWS_CLOCK_SKEW_CODES,
  AWS_THROTTLING_CODES,
  AWS_TRANSIENT_CODES,
  AZURE_THROTTLING_CODES,
  AZURE_TRANSIENT_CODES,
  GOOGLE_THROTTLING_REASONS,
  GOOGLE_TRANSIENT_REASONS,
  PERMANENT_CLOUD_CODES,
} from './cloud-codes.js';
import { headersOf, readHeader } from './headers.js';
import { errorHintMs } from './retry-after.js';
import { withDelay } from './with-delay.js';

type Kind = 'throttling' | 'transient' | 'permanent';

const entries = (codes: readonly string[], kind: Kind) =>
  codes.map((code) => [code, kind] as const);

/** Every code's kind; built by a pure call, so a bundler drops it when the classifier is unused. */
const KIND_OF: ReadonlyMap<string, Kind> = /* @__PURE__ */ kinds();

function kinds(): ReadonlyMap<string, Kind> {
  return new Map([
    ...entries(PERMANENT_CLOUD_CODES, 'permanent'),
    ...entries(
      [...AWS_TRANSIENT_CODES, ...AZURE_TRANSIENT_CODES, ...GOOGLE_TRANSIENT_REASONS],
      'transient',
    ),
    ...entries(
      [...AWS_THROTTLING_CODES, ...AZURE_THROTTLING_CODES, ...GOOGLE_THROTTLING_REASONS],
      'throttling',
    ),
  ]);
}

/** How many entries of a Google `errors` list are looked at. */
const MAX_REASONS = 16;

/**
 * Names too common among applications' own error classes to trust by `name` alone: they count
 * as a `name` only on AWS SDK errors (which carry `$metadata`), and anywhere as a code. A
 * `TimeoutError` without `$metadata` (`AbortSignal.timeout()`, ky, the AWS SDK's socket
 * timeouts) is the network classifier's.
 */
const GENERIC_NAMES: readonly string[] = ['InternalError', 'ServiceUnavailable', 'TimeoutError'];

function nameOf(link: unknown): unknown {
  const name = readProperty(link, 'name');
  if (typeof name !== 'string' || !GENERIC_NAMES.includes(name)) return name;
  const metadata = readProperty(link, '$metadata');
  return typeof metadata === 'object' && metadata !== null ? name : undefined;
}

/** The identifiers one error carries, most telling first. */
function identifiersOf(link: unknown): unknown[] {
  const ids = [nameOf(link), readProperty(link, 'Code'), readProperty(link, 'code')];
  for (const headers of headersOf(link)) ids.push(readHeader(headers, 'x-ms-error-code'));
  const errors = readProperty(link, 'errors');
  if (Array.isArray(errors)) {
    for (let i = 0; i < Math.min(MAX_REASONS, errors.length); i++) {
      ids.push(readProperty(readProperty(errors, i), 'reason'));
    }
  }
  return ids;
}

/** An AWS clock-skew error after the SDK corrected its clock: the next attempt is signed right. */
function clockSkewCorrected(link: unknown): Verdict | undefined {
  const metadata = readProperty(link, '$metadata');
  if (readProperty(metadata, 'clockSkewCorrected') !== true) return undefined;
  const id = [readProperty(link, 'name'), readProperty(link, 'Code')].find(
    (value): value is string => typeof value === 'string' && AWS_CLOCK_SKEW_CODES.includes(value),
  );
  return id === undefined
    ? undefined
    : { retryable: true, reason: `cloud ${id}, clock skew corrected` };
}

function verdictOf(link: unknown): Verdict | undefined {
  const skew = clockSkewCorrected(link);
  if (skew !== undefined) return skew;
  for (const id of identifiersOf(link)) {
    const kind = typeof id === 'string' ? KIND_OF.get(id) : undefined;
    if (kind === undefined) continue;
    const reason = `cloud ${id as string}`;
    if (kind === 'permanent') return { retryable: false, reason };
    return kind === 'throttling'
      ? { retryable: true, reason, throttled: true }
      : { retryable: true, reason };
  }
  // AWS SDK models with the @retryable trait: `$retryable: { throttling?: boolean }`.
  const modeled = readProperty(link, '$retryable');
  if (typeof modeled !== 'object' || modeled === null) return undefined;
  return readProperty(modeled, 'throttling') === true
    ? { retryable: true, reason: 'cloud $retryable (throttling)', throttled: true }
    : { retryable: true, reason: 'cloud $retryable' };
}

/**
 * Classifies cloud service errors by code, nearest in the cause chain first: AWS throttling and
 * transient codes, Azure Storage `ServerBusy`, `OperationTimedOut`, `InternalError`,
 * `TooManyRequests`, Google `rateLimitExceeded`, `backendError`, …, AWS `$retryable`, and AWS
 * clock-skew errors once the SDK has corrected its clock (`$metadata.clockSkewCorrected`).
 * Throttling verdicts are marked `throttled`; known permanent codes (`AccessDenied`, `NoSuchKey`,
 * `BlobNotFound`, …) fail at once. Retried errors carry the server's delay hint. Abstains on
 * anything else.
 *
 * @example
 * ```ts
 * const retryer = new Retryer({ classifiers: [cloudThrottlingClassifier(), httpClassifier()] });
 * ```
 * @see https://docs.aws.amazon.com/general/latest/gr/api-retries.html
 * @see https://learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes
 * @public
 */
export function cloudThrottlingClassifier(): Classifier {
  return (error, ctx) => {
    for (const link of causeChain(error)) {
      const verdict = verdictOf(link);
      if (verdict === undefined) continue;
      if (!verdict.retryable) return verdict;
      const delayMs = errorHintMs(link, Number(readProperty(ctx, 'now')));
      return delayMs === undefined ? verdict : withDelay(verdict, delayMs);
    }
    return undefined;
  };
}
