/**
 * One signal for a run from the retryer's and the run's: `AbortSignal.any` for native signals,
 * and a small manual combination when either is a look-alike (a polyfill), which
 * `AbortSignal.any` rejects with a synchronous TypeError (newer runtimes) or silently never
 * follows (Node 20).
 */

/** A combined signal and how to stop following its sources once the run has settled. */
export interface Combined {
  readonly signal: AbortSignal;
  /** Removes the listeners a manual combination put on the sources; `undefined` when none. */
  readonly release: (() => void) | undefined;
}

/**
 * The signal that aborts when `a` or `b` aborts, with the reason of the first to abort. The
 * caller handles the cases with one signal (or the same signal twice) without calling this.
 */
export function combineSignals(a: AbortSignal, b: AbortSignal): Combined {
  if (a instanceof AbortSignal && b instanceof AbortSignal) {
    try {
      return { signal: AbortSignal.any([a, b]), release: undefined };
    } catch {
      // A realm or runtime whose AbortSignal.any refuses these: follow them by hand.
    }
  }
  return follow(a, b);
}

/**
 * A native signal for a lone look-alike (the run's state listens with a `handleEvent` object,
 * which a polyfill may not call); `undefined` when `signal` is native and needs none.
 */
export function nativeSignal(signal: AbortSignal): Combined | undefined {
  return signal instanceof AbortSignal ? undefined : follow(signal, signal);
}

/** A native signal that follows `a` and `b` (the same look-alike twice for a lone one). */
function follow(a: AbortSignal, b: AbortSignal): Combined {
  const controller = new AbortController();
  const first = a.aborted ? a : b.aborted ? b : undefined;
  if (first !== undefined) {
    controller.abort(first.reason);
    return { signal: controller.signal, release: undefined };
  }
  const release = (): void => {
    a.removeEventListener('abort', onA);
    b.removeEventListener('abort', onB);
  };
  function onA(): void {
    release();
    controller.abort(a.reason);
  }
  function onB(): void {
    release();
    controller.abort(b.reason);
  }
  a.addEventListener('abort', onA);
  if (b !== a) b.addEventListener('abort', onB);
  return { signal: controller.signal, release };
}
