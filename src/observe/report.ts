/**
 * How a run ends, told once and the same way by `run`, `next` and the adapters: the give-up is
 * recorded for `retryInfo`, then the hook and the log line; a success refills the budget first.
 */

import type { Policy } from '../policy/options.js';
import type { GiveUpEvent, SuccessEvent } from './events.js';
import { callHook, logGiveUp, logSuccess } from './hooks.js';
import { recordRetryInfo } from './retry-info.js';

/** Reports a give-up: `retryInfo(event.error)`, `onGiveUp`, and the error log line. */
export function reportGiveUp(policy: Policy, event: GiveUpEvent, errors: readonly unknown[]): void {
  const { attempts, error, reason, elapsedMs } = event;
  recordRetryInfo(error, { attempts, errors: Object.freeze(errors), elapsedMs, reason });
  callHook(policy.onGiveUp, event);
  logGiveUp(policy.logger, event, policy.maxDelayMs);
}

/** Reports a success: a token back to the budget, `onSuccess`, and the info log line. */
export function reportSuccess(policy: Policy, event: SuccessEvent): void {
  policy.budget?.recordSuccess();
  callHook(policy.onSuccess, event);
  logSuccess(policy.logger, event);
}
