/**
 * Server delay hints: `Retry-After` (delay-seconds or an HTTP-date, RFC 9110 §10.2.3) and the
 * millisecond headers `retry-after-ms`, `x-ms-retry-after-ms` (Azure) and `x-amz-retry-after`
 * (AWS). Pure parsers: garbage is ignored, a result is never NaN, infinite or negative.
 */
import { headerReader, headersOf, headerText } from './headers.js';

/** A hint is clamped here, so that an absurd one still ends the run instead of overflowing. */
const MAX_HINT_MS = 9_007_199_254_740_991; // Number.MAX_SAFE_INTEGER, as a literal a bundler can drop

/**
 * The millisecond hint headers, most precise first, then `Retry-After`. The first one that parses
 * wins; a garbage one is skipped.
 *
 * @see https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling (retry-after-ms, x-ms-retry-after-ms)
 * @see https://github.com/smithy-lang/smithy-typescript/blob/main/packages/util-retry/src/parseRetryAfterHeader.ts (x-amz-retry-after)
 */
export const MS_HINT_HEADERS: readonly string[] = /* @__PURE__ */ Object.freeze([
  'retry-after-ms',
  'x-ms-retry-after-ms',
  'x-amz-retry-after',
]);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Regex literals, not `new RegExp(...)`: a bundler can drop a literal that nothing uses.
/** IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT` and RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`. */
const IMF_OR_RFC850 =
  /^(?:[a-z]{3,9},?\s+)?(\d{1,2})[\s-]+([a-z]{3})[\s-]+(\d{2}|\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s*(?:gmt|utc|z)$/i;
/** asctime `Sun Nov  6 08:49:37 1994` (always UTC). */
const ASCTIME = /^[a-z]{3}\s+([a-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/i;

function utc(day: string, month: string, year: string, h: string, m: string, s: string) {
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  let fullYear = Number(year);
  if (year.length === 2) fullYear += fullYear < 70 ? 2000 : 1900; // RFC 9110 §5.6.7
  const [d, hh, mm, ss] = [Number(day), Number(h), Number(m), Number(s)];
  if (monthIndex < 0 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60) return undefined;
  const time = Date.UTC(fullYear, monthIndex, d, hh, mm, ss);
  return new Date(time).getUTCDate() === d ? time : undefined; // rejects 31 Feb
}

/**
 * An HTTP-date as ms since the epoch, in any of the three formats of RFC 9110 §5.6.7, or
 * `undefined`. Deterministic: never falls back on `Date.parse` guesses.
 *
 * @example
 * ```ts
 * parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'); // 784111777000
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7
 */
export function parseHttpDate(text: string): number | undefined {
  const value = text.trim();
  const imf = IMF_OR_RFC850.exec(value);
  if (imf !== null)
    return utc(...(imf.slice(1, 7) as [string, string, string, string, string, string]));
  const asc = ASCTIME.exec(value);
  if (asc === null) return undefined;
  const [, month, day, h, m, s, year] = asc as unknown as string[];
  return utc(day ?? '', month ?? '', year ?? '', h ?? '', m ?? '', s ?? '');
}

/** A non-negative decimal number (`'1500'`, `'2.5'`), or `undefined`. */
function parseNumber(text: string): number | undefined {
  const value = text.trim();
  if (!/^\d{1,20}(?:\.\d{1,9})?$/.test(value)) return undefined;
  return Math.min(Number(value), MAX_HINT_MS);
}

/**
 * A `Retry-After` value as a delay in ms from `nowMs`: delay-seconds (`'120'`), or an HTTP-date
 * (a date in the past gives 0). `undefined` for garbage.
 *
 * @example
 * ```ts
 * parseRetryAfter('3', now); // 3000
 * parseRetryAfter('Wed, 25 Nov 2026 12:00:05 GMT', Date.UTC(2026, 10, 25, 12)); // 5000
 * parseRetryAfter('soon', now); // undefined
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(text: string, nowMs: number): number | undefined {
  const seconds = parseNumber(text);
  if (seconds !== undefined) return Math.min(seconds * 1000, MAX_HINT_MS);
  const date = parseHttpDate(text);
  if (date === undefined || !Number.isFinite(nowMs)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * The server's delay hint in `headers`, in ms: `retry-after-ms`, `x-ms-retry-after-ms`,
 * `x-amz-retry-after` (all in ms), then `Retry-After` (seconds or an HTTP-date against `nowMs`).
 * `headers` may be anything `readHeader` reads. Garbage values are skipped; the result is
 * never NaN, infinite or negative.
 *
 * @example
 * ```ts
 * retryAfterMs(new Headers({ 'Retry-After': '2' }), Date.now()); // 2000
 * retryAfterMs(error.$response?.headers, clock.now()); // x-amz-retry-after or Retry-After
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @internal For the HTTP and cloud classifiers' delay hints; not exported from `retrywise`.
 */
export function retryAfterMs(headers: unknown, nowMs: number): number | undefined {
  const read = headerReader(headers);
  for (const name of MS_HINT_HEADERS) {
    const value = headerText(read(name));
    const ms = value === undefined ? undefined : parseNumber(value);
    if (ms !== undefined) return ms;
  }
  const value = headerText(read('retry-after'));
  return value === undefined ? undefined : parseRetryAfter(value, nowMs);
}

/**
 * The delay hint carried by one error (or thrown `Response`), from the first of its header
 * holders that has one.
 */
export function errorHintMs(error: unknown, nowMs: number): number | undefined {
  for (const headers of headersOf(error)) {
    const ms = retryAfterMs(headers, nowMs);
    if (ms !== undefined) return ms;
  }
  return undefined;
}
