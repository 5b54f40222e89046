/**
 * A {@link RetryLogger} that writes one text line per event:
 * `[2026-01-21T14:30:00.000Z] WARN: operation failed, retrying | operation=…`.
 */

import { ignoreRejection } from '../classify/inspect.js';
import { optionalFunction, typeName } from '../policy/validate.js';
import { wallNow } from '../time/clock.js';
import type { LogFields, RetryLogger } from './events.js';
import { escapeControl } from './log-text.js';

/**
 * Options of {@link lineLogger}.
 *
 * @public
 */
export interface LineLoggerOptions {
  /** Where lines go. @defaultValue console.log */
  readonly write?: ((line: string) => unknown) | undefined;
  /**
   * The time stamped on each line, in ms since the epoch: wall time, since a log line is read
   * beside other logs (run timing stays on the retryer's monotonic clock). A reading that is not a
   * finite time, or a function that throws, stamps `[invalid time]`; the line is written anyway.
   * @defaultValue Date.now
   */
  readonly now?: (() => number) | undefined;
}

/**
 * `k=v` pairs, undefined fields left out. Field values are already redacted and cut by retrywise;
 * control characters are escaped here too, for fields given directly.
 */
function formatFields(fields: LogFields): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) pairs.push(`${key}=${String(value)}`);
  }
  return pairs.join(', ');
}

/** `2026-01-21T14:30:00.000Z` (ISO 8601, UTC), or `invalid time` for anything but a time. */
function stamp(now: () => number): string {
  try {
    const ms = now();
    if (typeof ms === 'number' && Number.isFinite(ms)) return new Date(ms).toISOString();
  } catch {
    // A clock that throws (a detached method) still gets its line written.
  }
  return 'invalid time';
}

/**
 * A logger for `RetryOptions.logger` that prints one text line per event, made to be grepped
 * (`grep "retrying"`, `grep "failed after.*attempts"`).
 *
 * @example
 * ```ts
 * const retryer = new Retryer({ logger: lineLogger(), name: 'S3 upload' });
 * // [2026-01-21T14:30:00.000Z] WARN: operation failed, retrying | operation=S3 upload, attempt=1, …
 * ```
 * @public
 */
export function lineLogger(options: LineLoggerOptions = {}): RetryLogger {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`lineLogger options must be an object, got ${typeName(options)}`);
  }
  const write =
    optionalFunction<(line: string) => unknown>('write', options.write) ??
    ((line: string) => console.log(line));
  const now = optionalFunction<() => number>('now', options.now) ?? wallNow;
  const line =
    (level: string) =>
    (message: string, fields: LogFields): void => {
      const rest = formatFields(fields);
      const text = `${level}: ${message}${rest === '' ? '' : ` | ${rest}`}`;
      // An async sink that rejects (a full disk) must not become an unhandled rejection.
      ignoreRejection(write(`[${stamp(now)}] ${escapeControl(text)}`));
    };
  return Object.freeze({
    debug: line('DEBUG'),
    info: line('INFO'),
    warn: line('WARN'),
    error: line('ERROR'),
  });
}
