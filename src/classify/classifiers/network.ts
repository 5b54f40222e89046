/**
 * Network failures: Node.js and undici error codes through the cause chain, then message
 * patterns for errors that carry no code.
 */
import { causeChain, readProperty } from '../inspect.js';
import type { Classifier, Verdict } from '../verdict.js';
import {
  FETCH_FAILED_PATTERN,
  NETWORK_ERROR_CODES,
  NETWORK_MESSAGE_PATTERNS,
} from './network-codes.js';

/** Messages longer than this are looked at only up to here. */
const MAX_MESSAGE = 4096;

/** A code of the table named in a message whose error lost its `code` ("connect ECONNREFUSED …"). */
const CODE_IN_MESSAGE = /* @__PURE__ */ codeInMessage();

// The two patterns are built by pure calls: a bundler drops what an import does not use.
function codeInMessage(): RegExp {
  return new RegExp(`\\b(${NETWORK_ERROR_CODES.join('|')})\\b`);
}

/**
 * Every message pattern above as one case-insensitive alternation: a message it rejects matches
 * none of them (ignoring case only widens a pattern without lookarounds or backreferences), so
 * most messages cost one test instead of twelve. A pattern it cannot widen safely (other flags,
 * lookarounds, backreferences) turns the pre-check off.
 */
const MAY_MATCH = /* @__PURE__ */ mayMatch();

function mayMatch(): RegExp {
  return superset([
    ...NETWORK_MESSAGE_PATTERNS.map(({ pattern }) => pattern),
    CODE_IN_MESSAGE,
    FETCH_FAILED_PATTERN,
  ]);
}

function superset(patterns: readonly RegExp[]): RegExp {
  const widenable = patterns.every(
    ({ flags, source }) => (flags === '' || flags === 'i') && !/\(\?<?[=!]|\\\d/.test(source),
  );
  return widenable ? new RegExp(patterns.map((p) => `(?:${p.source})`).join('|'), 'i') : /(?:)/;
}

function messageOf(link: unknown): string | undefined {
  const message = typeof link === 'string' ? link : readProperty(link, 'message');
  return typeof message === 'string' ? message.slice(0, MAX_MESSAGE).trim() : undefined;
}

/** DOMException's legacy code for `TimeoutError`, also across realms where `instanceof` fails. */
const TIMEOUT_ERR = 23;

/**
 * The label of an error named `TimeoutError`: `AbortSignal.timeout()`'s DOMException (a limit the
 * caller put on one attempt; a limit on the whole run is its `signal`, handled as an abort), or a
 * client's own timeout (ky, the AWS SDK's connection and socket timeouts).
 */
function timeoutLabel(link: unknown): string | undefined {
  if (readProperty(link, 'name') !== 'TimeoutError') return undefined;
  return readProperty(link, 'code') === TIMEOUT_ERR
    ? 'timeout: AbortSignal.timeout'
    : 'timeout: TimeoutError';
}

function verdictFor(chain: readonly unknown[]): Verdict | undefined {
  let hasCode = false;
  for (const link of chain) {
    const code = readProperty(link, 'code');
    if (typeof code !== 'string') continue;
    hasCode = true;
    if (NETWORK_ERROR_CODES.includes(code)) return { retryable: true, reason: `network ${code}` };
  }
  for (const link of chain) {
    const timeout = timeoutLabel(link);
    if (timeout !== undefined) return { retryable: true, reason: timeout };
  }
  for (const link of chain) {
    const message = messageOf(link);
    if (message === undefined || !MAY_MATCH.test(message)) continue;
    for (const { label, pattern } of NETWORK_MESSAGE_PATTERNS) {
      if (pattern.test(message)) return { retryable: true, reason: `network ${label}` };
    }
    const named = CODE_IN_MESSAGE.exec(message);
    if (named !== null) return { retryable: true, reason: `network ${named[1]} in message` };
    if (!hasCode && FETCH_FAILED_PATTERN.test(message)) {
      return { retryable: true, reason: 'network fetch failed' };
    }
  }
  return undefined;
}

/**
 * Retries connection failures and timeouts: the Node.js, undici and axios network codes
 * (`ECONNRESET`, `UND_ERR_SOCKET`, `ERR_NETWORK`, …) anywhere in the cause chain
 * (`TypeError: fetch failed` → `cause.code`), then errors named `TimeoutError` (`AbortSignal.timeout()` on
 * one attempt: reason `'timeout: AbortSignal.timeout'`), then connection-failure messages
 * ("connection refused", "socket hang up", "i/o timeout", …), then one of those codes named in a
 * message (`connect ECONNREFUSED 10.0.0.7:443` relayed as text). Abstains on everything else; it
 * never says "do not retry". The tables are listed in docs/classifiers.md.
 *
 * @example
 * ```ts
 * const retryer = new Retryer({ classifiers: [networkClassifier()] });
 * await retryer.run(() => fetch('http://127.0.0.1:8080/health'));
 * ```
 * @see https://nodejs.org/api/errors.html#common-system-errors
 * @public
 */
export function networkClassifier(): Classifier {
  return (error) => verdictFor(causeChain(error));
}
