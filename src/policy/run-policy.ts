/** A run's own policy: the retryer's, with the `retryIf` and `onGiveUp` given to that run. */
import type { GiveUpEvent } from '../observe/events.js';
import { callHook } from '../observe/hooks.js';
import type { Policy } from './options.js';

/**
 * `policy` with a run's own `retryIf` (instead of the retryer's) and `onGiveUp` (after the
 * retryer's; each one's throw or rejection is swallowed); `policy` itself when the run gives
 * neither. One object per such run.
 */
export function runPolicy(
  policy: Policy,
  retryIf: ((result: unknown) => boolean) | undefined,
  onGiveUp: ((event: GiveUpEvent) => void) | undefined,
): Policy {
  if (retryIf === undefined && onGiveUp === undefined) return policy;
  const first = policy.onGiveUp;
  return Object.freeze({
    ...policy,
    retryIf: retryIf ?? policy.retryIf,
    onGiveUp:
      onGiveUp === undefined || first === undefined
        ? (onGiveUp ?? first)
        : (event: GiveUpEvent) => {
            callHook(first, event);
            callHook(onGiveUp, event);
          },
    plainSuccess: policy.plainSuccess && retryIf === undefined,
  });
}
