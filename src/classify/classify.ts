/** One failure → one verdict: explicit markers first, then classifiers in order, then `unknownErrors`. */

import { redact } from '../observe/redact.js';
import type { Policy } from '../policy/options.js';
import { AttemptTimeoutError } from '../run/attempt-timeout-error.js';
import { isThrottledLocally } from '../throttle/brand.js';
import { closeChainScope, ignoreRejection, openChainScope, readProperty } from './inspect.js';
import { findMarker, NonRetryableError } from './markers.js';
import type { ClassifyContext, Verdict } from './verdict.js';

const MARKED_NON_RETRYABLE: Verdict = /* @__PURE__ */ Object.freeze({
  retryable: false,
  reason: 'marked non-retryable',
});
const MARKED_RETRYABLE: Verdict = /* @__PURE__ */ Object.freeze({
  retryable: true,
  reason: 'marked retryable',
});
const TIMED_OUT: Verdict = /* @__PURE__ */ Object.freeze({
  retryable: true,
  reason: 'attempt timed out',
});
const UNKNOWN_FAIL: Verdict = /* @__PURE__ */ Object.freeze({
  retryable: false,
  reason: 'unclassified error',
});
const UNKNOWN_RETRY: Verdict = /* @__PURE__ */ Object.freeze({
  retryable: true,
  reason: 'unclassified error',
});
const THROTTLED_LOCALLY: Verdict = /* @__PURE__ */ Object.freeze({
  retryable: false,
  reason: 'throttled locally',
});
/** The verdict for a resolved value that `retryIf` matched. */
export const RESULT_MATCHED: Verdict = /* @__PURE__ */ Object.freeze({
  retryable: true,
  reason: 'retryIf matched the result',
});

/** The verdict of a hedge started because no attempt answered within `hedgeDelayMs`. */
export const HEDGE_DUE: Verdict = /* @__PURE__ */ Object.freeze({
  retryable: true,
  reason: 'hedge',
});

/** The verdict for `error`. Never throws, whatever `error` or a classifier does. */
export function classify(
  error: unknown,
  policy: Pick<Policy, 'classifiers' | 'unknownErrors'>,
  ctx: ClassifyContext,
): Verdict {
  if (isAttemptTimeout(error)) return TIMED_OUT;
  if (isThrottledLocally(error)) return THROTTLED_LOCALLY;
  const marker = findMarker(error);
  if (marker instanceof NonRetryableError) return MARKED_NON_RETRYABLE;
  if (marker !== undefined) {
    const delayMs = hint(readProperty(marker, 'delayMs'));
    return delayMs === undefined
      ? MARKED_RETRYABLE
      : { retryable: true, reason: MARKED_RETRYABLE.reason, delayMs };
  }
  const verdict = firstVerdict(error, policy.classifiers, ctx);
  if (verdict !== undefined) return verdict;
  return policy.unknownErrors === 'retry' ? UNKNOWN_RETRY : UNKNOWN_FAIL;
}

/** The first sane verdict of `classifiers`, which share one walk of the cause chain. */
function firstVerdict(
  error: unknown,
  classifiers: Policy['classifiers'],
  ctx: ClassifyContext,
): Verdict | undefined {
  openChainScope();
  try {
    for (const classifier of classifiers) {
      let verdict: unknown;
      try {
        verdict = classifier(error, ctx);
      } catch {
        continue; // A broken classifier abstains.
      }
      const sane = sanitize(verdict);
      if (sane !== undefined) return sane;
      ignoreRejection(verdict); // an async classifier abstains, and its rejection is not left unhandled
    }
    return undefined;
  } finally {
    closeChainScope();
  }
}

/** `instanceof` that survives a Proxy whose `getPrototypeOf` trap throws (or a revoked one). */
function isAttemptTimeout(error: unknown): boolean {
  try {
    return error instanceof AttemptTimeoutError;
  } catch {
    return false;
  }
}

/** A classifier's answer as a well-formed, redacted verdict, or `undefined` to abstain. */
function sanitize(verdict: unknown): Verdict | undefined {
  if (typeof verdict !== 'object' || verdict === null) return undefined;
  const retryable = readProperty(verdict, 'retryable');
  if (typeof retryable !== 'boolean') return undefined;
  const reason = readProperty(verdict, 'reason');
  const delayMs = hint(readProperty(verdict, 'delayMs'));
  const throttled = readProperty(verdict, 'throttled') === true;
  const text = typeof reason === 'string' ? redact(reason) : 'classified';
  // Written out rather than spread: spreading costs more than the rest of a classification.
  if (delayMs === undefined) {
    return throttled ? { retryable, reason: text, throttled } : { retryable, reason: text };
  }
  return throttled
    ? { retryable, reason: text, delayMs, throttled }
    : { retryable, reason: text, delayMs };
}

function hint(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
