/**
 * One abort listener per signal, however many runs, attempts and sleeps follow it. A signal that
 * lives as long as the process (a SIGTERM controller on the Retryer) may be followed by thousands
 * of concurrent runs: one `addEventListener` each would trip Node's MaxListenersExceededWarning
 * past 10, and `AbortSignal.any` keeps an entry per run on the source signal in Node 20
 * (nodejs/node#55351). Here each signal gets one plain-function listener (which polyfilled
 * signals call too), added with its first follower and removed with its last.
 *
 * @see https://github.com/nodejs/node/issues/55351
 */

/** What follows a signal: told once when it aborts. */
export interface AbortFollower {
  handleEvent(): void;
}

interface Hub {
  readonly followers: Set<AbortFollower>;
  readonly listener: () => void;
}

const hubs = new WeakMap<AbortSignal, Hub>();

/**
 * Tells `follower` when `signal` aborts, until {@link unfollow}. Nothing is told for a signal
 * that has already aborted: check `signal.aborted` after following. A signal whose
 * `addEventListener` throws throws here.
 */
export function follow(signal: AbortSignal, follower: AbortFollower): void {
  const hub = hubs.get(signal);
  if (hub !== undefined) {
    hub.followers.add(follower);
    return;
  }
  const followers = new Set<AbortFollower>([follower]);
  const listener = (): void => fanOut(signal);
  signal.addEventListener('abort', listener);
  hubs.set(signal, { followers, listener });
}

/** Stops telling `follower`; the signal's listener goes with its last follower. Never throws. */
export function unfollow(signal: AbortSignal, follower: AbortFollower): void {
  const hub = hubs.get(signal);
  if (hub === undefined || !hub.followers.delete(follower) || hub.followers.size > 0) return;
  hubs.delete(signal);
  removeListener(signal, hub.listener);
}

/** The number of followers of `signal`, for tests. Internal. */
export function followerCount(signal: AbortSignal): number {
  return hubs.get(signal)?.followers.size ?? 0;
}

function fanOut(signal: AbortSignal): void {
  const hub = hubs.get(signal);
  if (hub === undefined) return;
  hubs.delete(signal);
  removeListener(signal, hub.listener);
  for (const follower of [...hub.followers]) {
    try {
      follower.handleEvent();
    } catch {
      // One follower cannot keep the others from hearing the abort.
    }
  }
}

/** A look-alike signal may lack `removeEventListener`, or throw from it: its listener stays. */
function removeListener(signal: AbortSignal, listener: () => void): void {
  try {
    if (typeof signal.removeEventListener === 'function') {
      signal.removeEventListener('abort', listener);
    }
  } catch {
    // Nothing more can be done for such a signal; its listener only finds an empty hub.
  }
}
