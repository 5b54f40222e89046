/**
 * The abort signal of each `send()`, lent to the retry strategy. The SDK passes a command's
 * `abortSignal` to its retry middleware (`context.__smithy_context.abortSignal`), which races
 * the strategy against it but tells the strategy nothing: a backoff sleeping inside
 * `refreshRetryTokenForRetry` would keep its timer for the rest of the delay after the `send()`
 * has rejected. The strategy's middleware lends the signal under a key it appends to the retry
 * token scope (beside the run name); `acquireInitialRetryToken(scope)` takes it back, and the
 * key is returned when the `send()` settles.
 */

/** Signals of the `send()`s in flight, by key. */
const lent = new Map<string, AbortSignal>();
let lastKey = 0;

/** Where the key starts in a token scope: `…#retrywise:PutObject~12`. */
export const KEY_MARK = '~';

/** Lends `signal` until {@link giveBack}; returns its key. */
export function lend(signal: AbortSignal): string {
  const key = String(++lastKey);
  lent.set(key, signal);
  return key;
}

export function giveBack(key: string): void {
  lent.delete(key);
}

/** The signal lent under the key at the end of `scope`, if any. */
export function signalIn(scope: unknown): AbortSignal | undefined {
  if (typeof scope !== 'string') return undefined;
  const at = scope.lastIndexOf(KEY_MARK);
  return at < 0 ? undefined : lent.get(scope.slice(at + 1));
}

/** The number of signals lent, for tests. Internal. */
export function lentCount(): number {
  return lent.size;
}
