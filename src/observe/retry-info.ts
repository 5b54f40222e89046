/**
 * What a run remembers about the error it gave up on. Kept in a `WeakMap` beside the error, never
 * on it, and shared across package copies through a `Symbol.for` key on `globalThis`.
 */

/**
 * Why a run stopped retrying.
 * - `'non-retryable'`: the error cannot succeed on retry (classifier, marker, or `unknownErrors`);
 * - `'attempts'`: `maxAttempts` were used;
 * - `'deadline'`: the next sleep would end past `maxElapsedMs` (or a per-run deadline such as a gRPC
 *   call's), or `totalTimeoutMs` passed;
 * - `'hint-too-long'`: the server asked to wait longer than `maxDelayMs` (`Retry-After`, pushback);
 * - `'budget'`: the shared `RetryBudget` refused a retry;
 * - `'aborted'`: the signal aborted;
 * - `'throttled-locally'`: the shared `AdaptiveThrottle` rejected the next attempt before it was
 *   sent (the run rejects with a `ThrottledLocallyError`; `attempts` counts those that were sent).
 *
 * @public
 */
export type GiveUpReason =
  | 'non-retryable'
  | 'attempts'
  | 'deadline'
  | 'hint-too-long'
  | 'budget'
  | 'aborted'
  | 'throttled-locally';

/**
 * The history of a run that gave up, from {@link retryInfo}.
 *
 * @public
 */
export interface RetryInfo {
  /** Attempts made, the first included. */
  readonly attempts: number;
  /** The errors the attempts failed with, oldest first (the last 100 at most). */
  readonly errors: readonly unknown[];
  /** Time from the start of the first attempt to the give-up, on the retryer's clock. */
  readonly elapsedMs: number;
  /** Why the run stopped retrying. */
  readonly reason: GiveUpReason;
}

/** How many errors a run keeps for `retryInfo`: the most recent ones. */
export const MAX_RECORDED_ERRORS = 100;

const STORE_KEY = Symbol.for('retrywise.retryInfo');

let local: WeakMap<object, RetryInfo> | undefined;

/**
 * The store shared by every copy of the package, on `globalThis`. Where `globalThis` is frozen
 * (hardened JavaScript), a store of this copy's own: retryInfo then works within one copy only.
 */
function store(): WeakMap<object, RetryInfo> {
  if (local !== undefined) return local;
  const global = globalThis as { [STORE_KEY]?: WeakMap<object, RetryInfo> };
  let map = global[STORE_KEY];
  if (map === undefined) {
    map = new WeakMap();
    try {
      Object.defineProperty(globalThis, STORE_KEY, { value: map });
    } catch {
      // globalThis is frozen or sealed.
    }
  }
  local = map;
  return map;
}

/** Records `info` for `error`, if `error` is an object. */
export function recordRetryInfo(error: unknown, info: RetryInfo): void {
  if ((typeof error === 'object' && error !== null) || typeof error === 'function') {
    store().set(error, Object.freeze(info));
  }
}

/** `value[key]` for an object, `undefined` when absent or unreadable (a Proxy, a throwing getter). */
function linked(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * The history of the run that gave up with `error`: attempts, errors, elapsed time and reason.
 * Defined for every give-up the library reports: `run`, `next`, and the adapters (an Azure
 * `RestError` made by the pipeline from the response the policy gave back is found through its
 * `response` or `request`; a grpc-js call error through its trailing `metadata`). `undefined`
 * for errors no run gave up on, and for primitives (a thrown string or `null`).
 *
 * Keyed by the error object: when several runs reject with one shared error (the reason of one
 * aborted signal, at shutdown), it tells the history of the last of them. For a history that
 * belongs to one run, pass `onGiveUp` in that run's options:
 * `retryer.run(op, { signal, onGiveUp: (event) => … })`.
 *
 * @example
 * ```ts
 * try {
 *   await retryer.run(upload);
 * } catch (error) {
 *   console.log(retryInfo(error)?.reason, retryInfo(error)?.attempts);
 * }
 * ```
 * @public
 */
export function retryInfo(error: unknown): RetryInfo | undefined {
  if (!isObject(error)) return undefined;
  const map = store();
  const own = map.get(error);
  if (own !== undefined) return own;
  // An Azure RestError holds the response or request; a grpc-js call error, the trailers.
  for (const key of ['response', 'request', 'metadata']) {
    const holder = linked(error, key);
    const info = isObject(holder) ? map.get(holder) : undefined;
    if (info !== undefined) return info;
  }
  return undefined;
}
