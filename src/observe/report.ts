/**
 * How a run ends, told once and the same way by `run`, `next` and the adapters: the give-up is
 * recorded for `retryInfo`, then the hook and the log line; a success refills the budget first.
 */

import type { Policy } from '../policy/options.js';
import type { AdaptiveThrottle } from '../throttle/adaptive-throttle.js';
import type { GiveUpEvent, SuccessEvent } from './events.js';
import { callHook, logGiveUp, logSuccess } from './hooks.js';
import { recordRetryInfo } from './retry-info.js';

/**
 * Reports a give-up: `retryInfo(event.error)`, `onGiveUp` (with the run's `errors`), and the
 * error log line.
 */
export function reportGiveUp(
  policy: Policy,
  event: Omit<GiveUpEvent, 'errors'>,
  errors: readonly unknown[],
): void {
  const { attempts, error, reason, elapsedMs } = event;
  const history = Object.freeze(errors);
  recordRetryInfo(error, { attempts, errors: history, elapsedMs, reason });
  // Spread once per give-up: the event's own fields (`result`, `hintMs`) and the history.
  const full: GiveUpEvent = { ...event, errors: history };
  callHook(policy.onGiveUp, full);
  logGiveUp(policy.logger, full, policy.maxDelayMs);
}

/**
 * A call the throttle rejected before attempt `attempts + 1` was sent: reported as a give-up
 * with reason `'throttled-locally'`; returns the `ThrottledLocallyError` (whose `cause` is the
 * last error, if any) for the run to reject with.
 */
export function reportLocalRejection(
  policy: Policy,
  throttle: AdaptiveThrottle,
  event: Omit<GiveUpEvent, 'errors' | 'reason' | 'error'>,
  errors: readonly unknown[],
): Error {
  const error = throttle.rejection(errors.at(-1));
  reportGiveUp(policy, { ...event, error, reason: 'throttled-locally' }, errors);
  return error;
}

/**
 * Reports a success: an accept to the throttle, a token back to the budget, `onSuccess`, and the
 * info log line.
 */
export function reportSuccess(policy: Policy, event: SuccessEvent): void {
  policy.throttle?.recordAccepted();
  policy.budget?.recordSuccess();
  callHook(policy.onSuccess, event);
  logSuccess(policy.logger, event);
}
