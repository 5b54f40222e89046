/**
 * The signal of a run that has two: the retryer's (often one for the whole process) and the
 * run's own. A native signal that aborts with the reason of the first to abort, following both
 * through the abort hub: one listener per source signal, whatever the number of runs, and
 * nothing left on either once the run has settled. (`AbortSignal.any` would leave an entry per
 * run on a long-lived source in Node 20, and ignores or rejects polyfilled signals.)
 */
import { type AbortFollower, follow, unfollow } from './hub.js';

/** A run's signal, and how to stop following its sources once the run has settled. */
export interface RunSignal {
  readonly signal: AbortSignal;
  /** Stops following the sources; `undefined` when there is nothing to stop. */
  readonly release: (() => void) | undefined;
}

/** Follows two sources for one controller; the first abort wins. */
class Union implements AbortFollower {
  readonly controller = new AbortController();

  constructor(
    readonly a: AbortSignal,
    readonly b: AbortSignal,
  ) {}

  handleEvent(): void {
    this.release();
    const { a, b } = this;
    this.controller.abort(a.aborted ? a.reason : b.reason);
  }

  readonly release = (): void => {
    unfollow(this.a, this);
    unfollow(this.b, this);
  };
}

/**
 * The signal that aborts when `a` or `b` (two different signals) aborts; one already aborted is
 * used as it is. Throws what a hostile signal's `addEventListener` throws.
 */
export function unionOf(a: AbortSignal, b: AbortSignal): RunSignal {
  if (a.aborted) return { signal: a, release: undefined };
  if (b.aborted) return { signal: b, release: undefined };
  const union = new Union(a, b);
  follow(a, union);
  try {
    follow(b, union);
  } catch (error) {
    union.release();
    throw error;
  }
  // One of them may have aborted while we followed it (a polyfill dispatching at once).
  if (a.aborted || b.aborted) union.handleEvent();
  return { signal: union.controller.signal, release: union.release };
}
