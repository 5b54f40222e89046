/**
 * One abort listener per signal, however many runs, attempts and sleeps follow it. A signal that
 * lives as long as the process (a SIGTERM controller on the Retryer) may be followed by thousands
 * of concurrent runs: one `addEventListener` each would trip Node's MaxListenersExceededWarning
 * past 10, and `AbortSignal.any` keeps an entry per run on the source signal in Node 20
 * (nodejs/node#55351). Here each signal gets one plain-function listener (which polyfilled
 * signals call too), added with its first follower and removed with its last, so a signal that
 * nothing follows carries no listener of ours.
 *
 * A signal's hub stays in the `WeakMap` (it goes with the signal) and keeps its listener
 * function, so that runs following one signal in turn cost a `Set`-free add and remove; a lone
 * follower is held without a `Set`.
 *
 * @see https://github.com/nodejs/node/issues/55351
 */

/** What follows a signal: told once when it aborts. */
export interface AbortFollower {
  handleEvent(): void;
}

class Hub {
  /** The follower while there is exactly one. */
  one: AbortFollower | undefined = undefined;
  /** The followers while there are two or more. */
  many: Set<AbortFollower> | undefined = undefined;
  /** Whether `listener` is on the signal. */
  listening = false;
  readonly listener: () => void;

  constructor(readonly signal: AbortSignal) {
    this.listener = () => this.fanOut();
  }

  get size(): number {
    return this.many?.size ?? (this.one === undefined ? 0 : 1);
  }

  add(follower: AbortFollower): void {
    if (this.many !== undefined) this.many.add(follower);
    else if (this.one === undefined || this.one === follower) this.one = follower;
    else {
      this.many = new Set([this.one, follower]);
      this.one = undefined;
    }
    if (!this.listening) {
      this.signal.addEventListener('abort', this.listener);
      this.listening = true;
    }
  }

  delete(follower: AbortFollower): void {
    if (this.many !== undefined) {
      this.many.delete(follower);
      if (this.many.size > 0) return;
      this.many = undefined;
    } else if (this.one === follower) {
      this.one = undefined;
    } else {
      return;
    }
    this.detach();
  }

  private detach(): void {
    if (!this.listening) return;
    this.listening = false;
    try {
      // A look-alike may lack removeEventListener, or throw from it: its listener then stays
      // and finds an empty hub.
      if (typeof this.signal.removeEventListener === 'function') {
        this.signal.removeEventListener('abort', this.listener);
      }
    } catch {
      // Nothing more can be done for such a signal.
    }
  }

  private fanOut(): void {
    const followers = this.many === undefined ? [this.one] : [...this.many];
    this.one = undefined;
    this.many = undefined;
    this.detach();
    for (const follower of followers) {
      try {
        follower?.handleEvent();
      } catch {
        // One follower cannot keep the others from hearing the abort.
      }
    }
  }
}

const hubs = new WeakMap<AbortSignal, Hub>();

/**
 * Tells `follower` when `signal` aborts, until {@link unfollow}. Nothing is told for a signal
 * that has already aborted: check `signal.aborted` after following. A signal whose
 * `addEventListener` throws throws here.
 */
export function follow(signal: AbortSignal, follower: AbortFollower): void {
  let hub = hubs.get(signal);
  if (hub === undefined) {
    hub = new Hub(signal);
    hubs.set(signal, hub);
  }
  hub.add(follower);
}

/** Stops telling `follower`; the signal's listener goes with its last follower. Never throws. */
export function unfollow(signal: AbortSignal, follower: AbortFollower): void {
  hubs.get(signal)?.delete(follower);
}

/** The number of followers of `signal`, for tests. Internal. */
export function followerCount(signal: AbortSignal): number {
  return hubs.get(signal)?.size ?? 0;
}
