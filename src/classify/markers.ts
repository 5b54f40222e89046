/**
 * Explicit markers: `retryable(e)` and `nonRetryable(e)` say what no classifier could know. The
 * nearest marker in an error's `cause` chain wins over every classifier, and `run` rethrows the
 * inner error, never the marker.
 *
 * Markers are recognised by `Symbol.for` brands, so a marker made by one copy of retrywise (CJS) is
 * honoured by another (ESM).
 */

import { show, typeName } from '../policy/validate.js';
import { MAX_CAUSE_DEPTH, readProperty } from './inspect.js';

const RETRYABLE = Symbol.for('retrywise.retryable');
const NON_RETRYABLE = Symbol.for('retrywise.nonRetryable');

/**
 * Puts the brand on the marker itself (non-enumerable), in the constructor rather than on the
 * prototype by a module statement, which no bundler could drop from an import that needs no marker.
 */
function brand(marker: Error, key: symbol): void {
  Object.defineProperty(marker, key, { value: true });
}

/**
 * Marks its `cause` as retryable, with an optional delay hint; made by {@link retryable}.
 * `instanceof RetryableError` is `true` for a marker from any copy of the package.
 *
 * @example
 * ```ts
 * throw new RetryableError(new Error('lock held'), { delayMs: 250 });
 * ```
 * @public
 */
export class RetryableError extends Error {
  /** The delay hint in ms: the next delay is raised to it. */
  readonly delayMs: number | undefined;

  /** @throws RangeError when `delayMs` is not a finite number ≥ 0. */
  constructor(cause: unknown, options: { delayMs?: number | undefined } = {}) {
    super('retryable', { cause });
    this.name = 'RetryableError';
    brand(this, RETRYABLE);
    const { delayMs } = markerOptions(options);
    if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0)) {
      throw new RangeError(`delayMs must be a finite number ≥ 0, got ${show(delayMs)}`);
    }
    this.delayMs = delayMs;
  }

  /** `true` for any retryer's `RetryableError`, from any copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asked about, maybe a subclass.
    if (!isMarkerClass(this)) return Function.prototype[Symbol.hasInstance].call(this, value);
    return readProperty(value, RETRYABLE) === true;
  }
}

/**
 * `true` for `RetryableError` or `NonRetryableError` itself, `false` for a subclass: the classes
 * extend `Error` directly. (Naming the class inside its own body would make bundlers rename it,
 * and `RetryableError.name` would read `_RetryableError`.)
 */
function isMarkerClass(cls: unknown): boolean {
  return Object.getPrototypeOf(cls) === Error;
}

/** `options` of a marker: an object whose only key is `delayMs` (a typo must not pass unseen). */
function markerOptions(options: unknown): { delayMs?: number | undefined } {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`retryable() options must be an object, got ${typeName(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'delayMs') {
      throw new TypeError(`unknown retryable() option '${key}'; the only option is delayMs`);
    }
  }
  return options;
}

/**
 * Marks its `cause` as permanent: `run` rethrows the cause after this attempt; made by
 * {@link nonRetryable}. `instanceof NonRetryableError` is `true` for a marker from any copy of the
 * package.
 *
 * @example
 * ```ts
 * throw new NonRetryableError(new Error('invalid bucket name'));
 * ```
 * @public
 */
export class NonRetryableError extends Error {
  constructor(cause: unknown) {
    super('non-retryable', { cause });
    this.name = 'NonRetryableError';
    brand(this, NON_RETRYABLE);
  }

  /** `true` for any retryer's `NonRetryableError`, from any copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asked about, maybe a subclass.
    if (!isMarkerClass(this)) return Function.prototype[Symbol.hasInstance].call(this, value);
    return readProperty(value, NON_RETRYABLE) === true;
  }
}

/**
 * Wraps `error` so that every retryer retries it, whatever the classifiers say. Throw the result
 * from an operation; `run` rethrows `error` itself if it gives up.
 *
 * @example
 * ```ts
 * if (res.status === 409) throw retryable(new Error('conflict'), { delayMs: 500 });
 * ```
 * @public
 */
export function retryable(
  error: unknown,
  options?: { delayMs?: number | undefined },
): RetryableError {
  return new RetryableError(error, options);
}

/**
 * Wraps `error` so that `run` rethrows `error` at once, without another attempt.
 *
 * @example
 * ```ts
 * if (!existsSync(path)) throw nonRetryable(new Error(`no such file: ${path}`));
 * ```
 * @public
 */
export function nonRetryable(error: unknown): NonRetryableError {
  return new NonRetryableError(error);
}

/** The nearest marker in `error`'s cause chain, if any. */
export function findMarker(error: unknown): RetryableError | NonRetryableError | undefined {
  // A bounded walk without the chain array: markers are rare, and this runs on every failure.
  let link = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
    if ((typeof link !== 'object' && typeof link !== 'function') || link === null) return undefined;
    if (isMarker(link)) return link as RetryableError | NonRetryableError;
    link = readProperty(link, 'cause');
  }
  return undefined;
}

/** `true` for a branded marker of any copy of the package; never throws. */
function isMarker(value: object): boolean {
  try {
    const branded = value as { [RETRYABLE]?: unknown; [NON_RETRYABLE]?: unknown };
    return branded[RETRYABLE] === true || branded[NON_RETRYABLE] === true;
  } catch {
    return false;
  }
}

/** The value a marker wraps (through nested markers), or `error` itself. */
export function unwrapMarker(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
    if ((typeof current !== 'object' && typeof current !== 'function') || current === null) break;
    if (!isMarker(current)) break;
    current = readProperty(current, 'cause');
  }
  return current;
}
