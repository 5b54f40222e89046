/**
 * `HttpError`: a fetch `Response` with an error status, as an error the HTTP classifier reads
 * (status and delay hints) that does not keep the response, its body or its connection alive.
 */

import { typeName } from '../policy/validate.js';
import { readProperty } from './inspect.js';

/**
 * The parts of a fetch `Response` (undici, node-fetch, ky, the browser's) that {@link HttpError}
 * reads.
 *
 * @public
 */
export interface HttpResponseLike {
  /** The HTTP status, an integer 0–999. */
  readonly status: number;
  /** The reason phrase; HTTP/2 responses have none. */
  readonly statusText?: string | undefined;
  /** The URL of the response (after redirects). */
  readonly url?: string | undefined;
  /** The response headers (a fetch `Headers`). */
  readonly headers?:
    | {
        /** Calls `callback` with each header's value and name. */
        forEach(callback: (value: string, name: string) => void): void;
      }
    | null
    | undefined;
  /** The body stream: cancelled when unread, so the connection goes back to the pool. */
  readonly body?:
    | {
        /** Cancels the stream: the rest of the body is not read. */
        cancel?(reason?: unknown): Promise<void>;
      }
    | null
    | undefined;
  /** `true` once the body was read. */
  readonly bodyUsed?: boolean | undefined;
}

/**
 * Options of {@link HttpError}.
 *
 * @public
 */
export interface HttpErrorOptions {
  /** The message. @defaultValue `'HTTP <status> <statusText> from <origin and path>'` */
  readonly message?: string | undefined;
  /** What caused it, as in `new Error(message, { cause })`. */
  readonly cause?: unknown;
}

/** Response headers a retry decision never needs and a log must never show. */
const DROPPED_HEADERS: readonly string[] = ['set-cookie', 'set-cookie2'];

function noop(): void {}

/** `url` without credentials, query and fragment: where the response came from, safe to log. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin}${parsed.pathname}`;
  } catch {
    return '';
  }
}

function copyHeaders(headers: unknown): Headers {
  const copy = new Headers();
  const forEach = readProperty(headers, 'forEach');
  if (typeof forEach !== 'function') return copy;
  try {
    forEach.call(headers, (value: unknown, name: unknown) => {
      if (typeof name !== 'string' || typeof value !== 'string') return;
      if (DROPPED_HEADERS.includes(name.toLowerCase())) return;
      copy.append(name, value);
    });
  } catch {
    // Unreadable headers: the error carries what was copied.
  }
  return copy;
}

/** Cancels an unread body, so that an abandoned response does not hold its connection. */
function release(response: object): void {
  if (readProperty(response, 'bodyUsed') === true) return;
  const body = readProperty(response, 'body');
  const cancel = readProperty(body, 'cancel');
  if (typeof cancel !== 'function') return;
  try {
    const done: unknown = cancel.call(body);
    if (done instanceof Promise) done.catch(noop);
  } catch {
    // A locked or broken stream stays with whoever holds it.
  }
}

/**
 * A fetch `Response` with an error status, as an error: throw it when `response.ok` is false.
 * The HTTP classifier reads its `status` (408, 429, 500, 502, 503 and 504 are retried) and its
 * `headers` (`Retry-After`, `retry-after-ms`, … raise the next delay). It copies what a retry
 * decision and a log need and keeps no reference to the response: an unread body is cancelled,
 * so the connection goes back to the pool at once (read the body first if you want it).
 * `Set-Cookie` is not copied; the message shows the URL without query, fragment or credentials,
 * and `url` (the full URL) and `headers` are not enumerable, so inspecting or serialising the
 * error does not print them.
 *
 * @example
 * ```ts
 * const retryer = new Retryer({ maxAttempts: 5, initialDelayMs: 200 });
 * const user = await retryer.run(async ({ signal }) => {
 *   const res = await fetch('https://api.example.com/users/42', { signal });
 *   if (!res.ok) throw new HttpError(res); // 503 + Retry-After: 3 → retried after 3 s
 *   return res.json();
 * });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @see https://undici.nodejs.org/#/?id=garbage-collection
 * @public
 */
export class HttpError extends Error {
  /** The HTTP status, e.g. `503`. */
  readonly status: number;
  /** The reason phrase, e.g. `'Service Unavailable'` (empty over HTTP/2). */
  readonly statusText: string;
  /** The response headers, without `Set-Cookie`. Not enumerable. */
  declare readonly headers: Headers;
  /** The full URL of the response, query included. Not enumerable: log `message` instead. */
  declare readonly url: string;

  /**
   * @param response - a fetch `Response` (or anything with the same `status`, `statusText`,
   *   `url`, `headers` and `body`).
   * @throws TypeError when `response` has no integer `status` in 0–999, or `options` is not an
   *   object.
   */
  constructor(response: HttpResponseLike, options: HttpErrorOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`HttpError options must be an object, got ${typeof options}`);
    }
    const status = readProperty(response, 'status');
    if (!(Number.isInteger(status) && (status as number) >= 0 && (status as number) <= 999)) {
      const shown = typeof status === 'number' ? String(status) : typeName(status);
      throw new TypeError(
        `HttpError needs a fetch Response with an integer status 0–999, got ${response === null || typeof response !== 'object' ? typeName(response) : `status ${shown}`}`,
      );
    }
    const text = readProperty(response, 'statusText');
    const statusText = typeof text === 'string' ? text : '';
    const rawUrl = readProperty(response, 'url');
    const url = typeof rawUrl === 'string' ? rawUrl : '';
    const where = shownUrl(url);
    const { message, cause } = options;
    super(
      message ??
        `HTTP ${status as number}${statusText === '' ? '' : ` ${statusText}`}${where === '' ? '' : ` from ${where}`}`,
      'cause' in options ? { cause } : undefined,
    );
    this.name = 'HttpError';
    this.status = status as number;
    this.statusText = statusText;
    const hidden = { enumerable: false, writable: false, configurable: true };
    Object.defineProperty(this, 'headers', {
      ...hidden,
      value: copyHeaders(readProperty(response, 'headers')),
    });
    Object.defineProperty(this, 'url', { ...hidden, value: url });
    release(response);
  }
}
