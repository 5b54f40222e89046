/**
 * The option names a Retryer knows, and hints for the names other retry libraries use, so that a
 * typo or a migrated `{ retries: 5 }` fails loudly instead of silently meaning 3 attempts.
 */
import type { RetryOptions } from './retry-options.js';

/**
 * Every option name. The compiler checks the list against `RetryOptions`: an option added there
 * and not here (or left here after its removal) fails the build.
 */
const KNOWN: ReadonlySet<string> = /* @__PURE__ */ new Set(
  /* @__PURE__ */ Object.keys({
    maxAttempts: true,
    initialDelayMs: true,
    maxDelayMs: true,
    multiplier: true,
    jitter: true,
    maxElapsedMs: true,
    totalTimeoutMs: true,
    attemptTimeoutMs: true,
    hedgeDelayMs: true,
    classifiers: true,
    unknownErrors: true,
    retryIf: true,
    budget: true,
    throttle: true,
    signal: true,
    clock: true,
    random: true,
    onRetry: true,
    beforeRetry: true,
    onGiveUp: true,
    onSuccess: true,
    logger: true,
    name: true,
  } satisfies Record<keyof RetryOptions, true>),
);

/** Names from p-retry, async-retry, exponential-backoff and cockatiel, and what they map to here. */
const PEER_NAMES: Readonly<Record<string, string>> = {
  retries: 'maxAttempts (which counts the first call too: retries: 5 is maxAttempts: 6)',
  numOfAttempts: 'maxAttempts',
  attempts: 'maxAttempts',
  minTimeout: 'initialDelayMs',
  startingDelay: 'initialDelayMs',
  initialDelay: 'initialDelayMs',
  delay: 'initialDelayMs',
  maxTimeout: 'maxDelayMs',
  maxDelay: 'maxDelayMs',
  factor: 'multiplier',
  timeMultiple: 'multiplier',
  exponent: 'multiplier',
  randomize: "jitter ('full', 'equal', 'decorrelated', { ratio } or 'none')",
  maxRetryTime: 'maxElapsedMs',
  maxElapsedTime: 'maxElapsedMs',
  timeout: 'attemptTimeoutMs (per attempt) or totalTimeoutMs (for the whole run)',
  shouldRetry: 'classifiers, or retryable()/nonRetryable() markers',
  retry: 'classifiers, or retryable()/nonRetryable() markers',
  hedgingDelay: 'hedgeDelayMs',
  onFailedAttempt: 'beforeRetry (awaited, as p-retry awaits it) or onRetry',
};

/** Throws a `TypeError` naming the first own key of `options` that is not a known option. */
export function rejectUnknownOptions(options: object): void {
  for (const key of Object.keys(options)) {
    if (KNOWN.has(key)) continue;
    const hint = Object.hasOwn(PEER_NAMES, key) ? PEER_NAMES[key] : closest(key);
    throw new TypeError(
      `unknown option '${key}'${hint === undefined ? '' : `; did you mean ${hint}?`}`,
    );
  }
}

/** The known name one edit away from `key` (a typo), if any. */
function closest(key: string): string | undefined {
  const lower = key.toLowerCase();
  for (const name of KNOWN) {
    const candidate = name.toLowerCase();
    if (candidate === lower || editDistanceAtMostOne(candidate, lower)) return name;
  }
  return undefined;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}
