/**
 * Reading hostile values: errors can be Proxies whose traps throw, objects with throwing getters,
 * primitives, or cyclic `cause` chains. Everything here returns `undefined` rather than throw.
 */

/** The maximum number of links followed in a `cause` chain. */
export const MAX_CAUSE_DEPTH = 16;

/** `value[key]`, or `undefined` when `value` is not an object or reading throws. */
export function readProperty(value: unknown, key: PropertyKey): unknown {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
    return undefined;
  }
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/**
 * A one-entry cache of the last chain built, alive only inside a classification scope: the
 * default chain's four classifiers each walk the same error's causes. Outside a scope nothing is
 * cached, and closing the outermost scope forgets the error, so no error outlives `classify()`.
 */
let scopes = 0;
let cachedError: unknown;
let cachedChain: readonly unknown[] | undefined;

/** Opens a scope in which {@link causeChain} reuses the chain of the error it last walked. */
export function openChainScope(): void {
  scopes++;
}

/** Closes the scope opened by {@link openChainScope}; the outermost close empties the cache. */
export function closeChainScope(): void {
  scopes = Math.max(0, scopes - 1);
  if (scopes > 0) return;
  cachedError = undefined;
  cachedChain = undefined;
}

/** The value and its `cause` chain, nearest first, bounded and free of cycles. */
export function causeChain(error: unknown): readonly unknown[] {
  if (scopes === 0) return walkCauses(error);
  if (cachedChain !== undefined && cachedError === error) return cachedChain;
  const chain = walkCauses(error);
  cachedError = error;
  cachedChain = chain;
  return chain;
}

function walkCauses(error: unknown): unknown[] {
  const chain: unknown[] = [error];
  let current = error;
  for (let depth = 1; depth < MAX_CAUSE_DEPTH; depth++) {
    const cause = readProperty(current, 'cause');
    if (cause === undefined || cause === null || chain.includes(cause)) break;
    chain.push(cause);
    current = cause;
  }
  return chain;
}

/** A one-line description of any thrown value that never throws. */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) {
      const name = readProperty(error, 'name');
      const message = readProperty(error, 'message');
      return `${typeof name === 'string' ? name : 'Error'}: ${typeof message === 'string' ? message : ''}`;
    }
    if (typeof error === 'object' && error !== null) {
      const message = readProperty(error, 'message');
      if (typeof message === 'string') return message;
      return Object.prototype.toString.call(error);
    }
    return String(error);
  } catch {
    return '[unprintable error]';
  }
}

/** `true` for a value with a `then` method; a throwing `then` getter is thrown on. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    ((typeof value === 'object' && value !== null) || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

function noop(): void {}

/**
 * Swallows a rejection of what a hook, logger or sink returned, so that an async one that fails
 * never surfaces as an unhandled rejection; a `then` that throws is swallowed too.
 */
export function ignoreRejection(result: unknown): void {
  try {
    if (isThenable(result)) Promise.resolve(result).then(noop, noop);
  } catch {
    // A hostile thenable (a throwing `then` getter) breaks nothing either.
  }
}
