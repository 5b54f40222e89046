/**
 * Reading one header from whatever an error carries: plain objects in any letter case (Node,
 * AWS `$response.headers`), `[name, value]` entry lists and flat raw lists (`rawHeaders`), and
 * anything with a `get()` method (fetch `Headers`, Azure `HttpHeaders`, grpc-js `Metadata`, `Map`).
 * Hostile values (Proxies, throwing getters or `get`) read as absent.
 */
import { readProperty } from '../inspect.js';

/** How many entries of an array or object are looked at before giving up. */
const MAX_ENTRIES = 256;

/** The first value when `value` is a list of values (grpc-js `Metadata.get` returns one). */
function first(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  try {
    return value.length === 0 ? undefined : value[0];
  } catch {
    return undefined;
  }
}

function viaGet(headers: object, get: (name: string) => unknown, name: string): unknown {
  const lower = name.toLowerCase();
  try {
    const value = first(get.call(headers, name));
    if (value !== undefined && value !== null) return value;
    return lower === name ? undefined : (first(get.call(headers, lower)) ?? undefined);
  } catch {
    return undefined;
  }
}

function viaArray(headers: readonly unknown[], lower: string): unknown {
  try {
    const size = Math.min(headers.length, MAX_ENTRIES * 2);
    if (typeof headers[0] === 'string') {
      for (let i = 0; i + 1 < size; i += 2) {
        const key = headers[i];
        if (typeof key === 'string' && key.toLowerCase() === lower) return first(headers[i + 1]);
      }
      return undefined;
    }
    for (let i = 0; i < Math.min(size, MAX_ENTRIES); i++) {
      const entry = headers[i];
      if (!Array.isArray(entry)) continue;
      const key: unknown = entry[0];
      if (typeof key === 'string' && key.toLowerCase() === lower) return first(entry[1]);
    }
  } catch {
    // A hostile array reads as absent.
  }
  return undefined;
}

/** Reads a plain object's own keys by name, each key lowered once for all the names read. */
function viaKeys(headers: object): (lower: string) => unknown {
  let keys: string[] | undefined;
  let lowered: string[] | undefined;
  return (lower) => {
    if (keys === undefined) {
      try {
        keys = Object.keys(headers).slice(0, MAX_ENTRIES);
      } catch {
        keys = [];
      }
      lowered = keys.map((key) => key.toLowerCase());
    }
    const index = (lowered as string[]).indexOf(lower);
    if (index < 0) return undefined;
    const value = first(readProperty(headers, keys[index] as string));
    return value === null ? undefined : value;
  };
}

/**
 * A reader of header values by name for `headers`, which looks at the holder's kind (and a plain
 * object's keys) once for all the names read: `headerReader(h)(name)` is
 * {@link readHeaderValue}`(h, name)`.
 */
export function headerReader(headers: unknown): (name: string) => unknown {
  if ((typeof headers !== 'object' && typeof headers !== 'function') || headers === null) {
    return () => undefined;
  }
  if (Array.isArray(headers)) return (name) => viaArray(headers, name.toLowerCase());
  const get = readProperty(headers, 'get');
  if (typeof get === 'function') {
    return (name) => viaGet(headers, get as (n: string) => unknown, name);
  }
  const byKey = viaKeys(headers);
  return (name) => byKey(name.toLowerCase());
}

/**
 * The raw first value of header `name` in `headers`, whatever its type, or `undefined` when absent
 * or unreadable. Most callers want {@link readHeader}; this one lets a parser see a malformed value.
 *
 * @example
 * ```ts
 * readHeaderValue(error.metadata, 'grpc-retry-pushback-ms'); // '250' (first of ['250'])
 * ```
 * @internal For the gRPC classifier's pushback; not exported from `retrywise`.
 */
export function readHeaderValue(headers: unknown, name: string): unknown {
  return headerReader(headers)(name);
}

/**
 * The value of header `name` as text, or `undefined` when absent, unreadable or not text.
 * Names match in any letter case; of several values the first is taken.
 *
 * @example
 * ```ts
 * readHeader({ 'Retry-After': '5' }, 'retry-after'); // '5'
 * readHeader(new Headers({ 'x-ms-error-code': 'ServerBusy' }), 'X-MS-Error-Code'); // 'ServerBusy'
 * readHeader(error.$response?.headers, 'x-amz-retry-after'); // '1500' or undefined
 * ```
 * @see https://fetch.spec.whatwg.org/#headers-class
 * @internal For the classifiers (cloud codes, delay hints); not exported from `retrywise`.
 */
export function readHeader(headers: unknown, name: string): string | undefined {
  return headerText(readHeaderValue(headers, name));
}

/** A header value as text: a string, or a finite number written out; else `undefined`. */
export function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The header holders of one error or thrown `Response`: its own `headers`, `response.headers`
 * (ky, got, axios, superagent, gaxios, Azure `RestError`), `res.headers` (node:http wrappers) and
 * `$response.headers` (AWS SDK), those present.
 */
export function headersOf(error: unknown): unknown[] {
  const holders = [
    readProperty(error, 'headers'),
    readProperty(readProperty(error, 'response'), 'headers'),
    readProperty(readProperty(error, 'res'), 'headers'),
    readProperty(readProperty(error, '$response'), 'headers'),
  ];
  return holders.filter((holder) => holder !== undefined && holder !== null);
}
