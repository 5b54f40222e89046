/** A run's own policy: the retryer's, with the `retryIf` and `onGiveUp` given to that run. */
import type { GiveUpEvent } from '../observe/events.js';
import type { Policy } from './options.js';

function noop(): void {}

/** Calls `hook(event)`; what it throws or rejects with is swallowed, as for every hook. */
function quietly(hook: (event: GiveUpEvent) => unknown, event: GiveUpEvent): unknown {
  try {
    const result = hook(event);
    if (typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function') return undefined;
    return Promise.resolve(result).then(noop, noop);
  } catch {
    return undefined;
  }
}

/** The retryer's `onGiveUp`, then the run's; a promise when either returned one. */
function both(
  first: ((event: GiveUpEvent) => void) | undefined,
  second: (event: GiveUpEvent) => void,
): (event: GiveUpEvent) => void {
  if (first === undefined) return second;
  return (event) => {
    const a = quietly(first, event);
    const b = quietly(second, event);
    return a === undefined && b === undefined ? undefined : Promise.all([a, b]);
  };
}

/**
 * `policy` with a run's own `retryIf` (instead of the retryer's) and `onGiveUp` (after the
 * retryer's); `policy` itself when the run gives neither. One object per such run.
 */
export function runPolicy(
  policy: Policy,
  retryIf: ((result: unknown) => boolean) | undefined,
  onGiveUp: ((event: GiveUpEvent) => void) | undefined,
): Policy {
  if (retryIf === undefined && onGiveUp === undefined) return policy;
  return Object.freeze({
    ...policy,
    retryIf: retryIf ?? policy.retryIf,
    onGiveUp: onGiveUp === undefined ? policy.onGiveUp : both(policy.onGiveUp, onGiveUp),
    plainSuccess: policy.plainSuccess && retryIf === undefined,
  });
}
